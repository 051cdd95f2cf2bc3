package dev.phasor.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.phasor.api.BackendException;
import dev.phasor.backend.Dispatcher;
import dev.phasor.backend.RunSession;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.exec.PreparedPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands a run's orders to the worker members that agreed on its pipeline ({@link RunRoster}) and turns their
 * answers into reports, exactly one per submitted order.
 *
 * <p>Each order is at any time either waiting ({@code ready}) or in exactly one live {@link Attempt}
 * ({@code running}); only that attempt can produce its report. When a worker leaves, fails an invocation
 * or refuses an order, it is dropped from the run and its attempts go back to the front of the queue with
 * the next attempt number, so anything its abandoned attempts still send is ignored. A step whose workers
 * are lost {@value #MAX_LOSSES} times is reported failed rather than allowed to take the whole cluster down.
 *
 * <p>Balancing is dynamic: an order goes to the agreeing worker with the most free threads, and at most
 * a worker's thread count of invocations are in flight on it. Short steps travel in batches
 * ({@link BatchSizer}), run one after the other on one worker thread; one more batch per thread waits queued
 * on the worker, so its threads never idle for a round trip between batches. Hazelcast's threads only queue
 * events; all state lives on the coordinator's thread.
 */
final class ClusterDispatcher implements Dispatcher {

    static final int MAX_LOSSES = 3;
    /** How long past --worker-wait a worker asked in time may take to build the pipeline. */
    private static final long ANSWER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final HazelcastInstance hz;
    private final PreparedPipeline prepared;
    private final ClusterSettings cluster;
    private final HazelcastBackend.RunPolicy policy;
    private final PrintWriter err;
    private final CoordinatorFiles files;
    private final String runId = UUID.randomUUID().toString();
    private final IExecutorService steps;
    private final LinkedBlockingQueue<DispatchEvent> events = new LinkedBlockingQueue<>();
    private final RunReleases releases;
    private final RunRoster roster;
    private final BatchSizer batches;

    private final ArrayDeque<StepOrder> ready = new ArrayDeque<>();
    private final Map<String, Attempt> running = new HashMap<>();
    private final Map<String, Integer> losses = new HashMap<>();
    private final ArrayDeque<StepReport> reports = new ArrayDeque<>();
    private boolean released;
    private long workerlessSince;
    private boolean workerless;
    private String lastLost;

    ClusterDispatcher(HazelcastInstance hz, RunSession session, ClusterSettings cluster,
            HazelcastBackend.RunPolicy policy, PrintWriter err) {
        this.hz = hz;
        this.prepared = session.prepared();
        this.cluster = cluster;
        this.policy = policy;
        this.err = err;
        this.files = new CoordinatorFiles(prepared, err);
        this.steps = hz.getExecutorService(MemberConfigs.STEP_EXECUTOR);
        IExecutorService control = hz.getExecutorService(MemberConfigs.CONTROL_EXECUTOR);
        this.releases = new RunReleases(control, runId);
        this.roster = new RunRoster(hz, control, runId, session, cluster, policy, events, releases, err);
        this.batches = new BatchSizer(policy.carryResults());
    }

    /**
     * Asks every worker member to build the pipeline, and waits until every one asked has answered and at
     * least the minimum agree: workers may join for up to the policy's worker wait, and those asked get a
     * bounded extra time to answer.
     *
     * @throws BackendException naming the refused workers if too few agree
     */
    void awaitWorkers() {
        long t0 = System.nanoTime();
        roster.listen();
        long joinDeadline = System.nanoTime() + policy.workerWait().toNanos();
        long answerDeadline = joinDeadline + ANSWER_WAIT_NANOS; // workers asked in time may still be building
        try {
            while (roster.size() < policy.minWorkers() || roster.awaitingAnswers()) {
                if (roster.allRefused()) {
                    break;
                }
                long now = System.nanoTime();
                long left = (roster.awaitingAnswers() ? answerDeadline : joinDeadline) - now;
                if (left <= 0) {
                    break;
                }
                DispatchEvent e = events.poll(left, TimeUnit.NANOSECONDS);
                if (e != null) {
                    handle(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for workers of cluster '" + cluster.clusterName()
                    + "'");
        }
        if (roster.size() < policy.minWorkers()) {
            throw new BackendException(roster.tooFewWorkers());
        }
        if (cluster.verbose()) {
            warn(roster.size() + " worker(s) built the pipeline in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - t0) + " ms");
        }
        roster.started();
    }

    @Override
    public int parallelism() {
        return Math.max(1, roster.threads());
    }

    @Override
    public void submit(StepOrder order) {
        ready.addLast(order);
        pump();
    }

    @Override
    public StepReport poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            for (DispatchEvent e = events.poll(); e != null; e = events.poll()) {
                handle(e);
            }
            pump();
            if (!reports.isEmpty()) {
                return reports.poll();
            }
            long giveUpIn = nanosUntilGivingUp();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            DispatchEvent e = events.poll(Math.min(left, giveUpIn), TimeUnit.NANOSECONDS);
            if (e != null) {
                handle(e);
            }
        }
    }

    @Override
    public void abort(String reason, int exitCode) {
        releaseWorkers("aborted: " + reason, true);
    }

    @Override
    public void finish() {
        releaseWorkers("finished", false);
    }

    /**
     * Tells every worker of the run that it is over and waits (bounded) for them to acknowledge; with
     * {@code interrupt}, a worker acknowledges once its interrupted steps have ended, so that none writes
     * after the coordinator releases the cache lock. Workers also forget the run by themselves when this
     * coordinator leaves the cluster. Idempotent.
     */
    void releaseWorkers(String reason, boolean interrupt) {
        if (released) {
            return;
        }
        released = true;
        boolean interrupted = Thread.interrupted(); // Ctrl-C: still deliver the release, then restore the flag
        try {
            interrupted |= releases.awaitAll(roster.close(), reason, interrupt);
        } catch (RuntimeException e) {
            // the instance is shutting down: workers drop the run when it has left
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handle(DispatchEvent event) {
        if (event instanceof DispatchEvent.MemberUp up) {
            roster.memberUp(up.member());
        } else if (event instanceof DispatchEvent.MemberDown down) {
            WorkerSlot w = roster.memberDown(down.member());
            if (w != null) {
                dropWorker(w, "worker " + w.name + " left the cluster");
            }
        } else if (event instanceof DispatchEvent.Answered a) {
            int before = roster.size();
            roster.answered(a.member(), a.answer(), a.failure());
            if (roster.size() > before) {
                workerless = false;
            }
        } else if (event instanceof DispatchEvent.AttemptEnded a) {
            attemptEnded(a.attempt(), a.outcome(), a.failure());
        } else if (event instanceof DispatchEvent.BatchEnded b) {
            batchEnded(b);
        }
    }

    private void attemptEnded(Attempt attempt, StepOutcome outcome, Throwable failure) {
        if (running.get(attempt.step()) != attempt) {
            return; // abandoned: its order was dispatched again (or reported) already
        }
        if (failure == null && outcome.ran()) {
            try {
                StepReport report = outcome.toReport();
                running.remove(attempt.step());
                if (!attempt.batched) {
                    attempt.worker.busy--;
                }
                batches.stepTook(report.status().durationMs());
                deliver(report);
                return;
            } catch (IOException e) {
                failure = e;
            }
        }
        String why = failure != null && Invocations.memberLeft(hz, attempt.worker.member, failure)
                ? "worker " + attempt.worker.name + " left the cluster"
                : failure != null ? "dispatch to worker " + attempt.worker.name + " failed: "
                        + Invocations.describe(failure)
                : "worker " + attempt.worker.name + " did not run step '" + attempt.step() + "': " + outcome.refusal();
        dropWorker(attempt.worker, why);
    }

    /** Each attempt of the batch ends as a single one would; then the batch's worker thread is free. */
    private void batchEnded(DispatchEvent.BatchEnded b) {
        List<Attempt> attempts = b.attempts();
        List<StepOutcome> outcomes = b.outcomes() == null ? null : b.outcomes().outcomes();
        Throwable failure = b.failure();
        if (failure == null && (outcomes == null || outcomes.size() != attempts.size())) {
            failure = new IllegalStateException("the worker answered " + (outcomes == null ? 0 : outcomes.size())
                    + " outcomes for a batch of " + attempts.size());
        }
        for (int i = 0; i < attempts.size(); i++) {
            attemptEnded(attempts.get(i), failure == null ? outcomes.get(i) : null, failure);
        }
        attempts.get(0).worker.busy--; // harmless if the worker was dropped meanwhile
    }

    /** Takes a worker out of the run and dispatches its running orders again. */
    private void dropWorker(WorkerSlot w, String why) {
        if (!roster.remove(w)) {
            return;
        }
        lastLost = w.name;
        List<Attempt> orphans = running.values().stream().filter(a -> a.worker == w).toList();
        warn(why + (orphans.isEmpty() ? "" : "; dispatching its " + orphans.size() + " running step(s) again"));
        for (Attempt a : orphans) {
            running.remove(a.step());
            int lost = losses.merge(a.step(), 1, Integer::sum);
            if (lost >= MAX_LOSSES) {
                deliver(files.workerLost(a, why, lost));
            } else {
                ready.addFirst(new StepOrder(a.step(), a.order.attempt() + 1));
            }
        }
        if (hz.getCluster().getMembers().contains(w.member)) {
            releases.send(w.member, "dropped from the run: " + why);
        }
    }

    /** Dispatches waiting orders while some worker has a free thread. */
    private void pump() {
        while (!ready.isEmpty()) {
            int batch = batches.size(ready.size(), roster.threads());
            WorkerSlot w = leastBusy(batch > 1);
            if (w == null) {
                return;
            }
            if (batch == 1) {
                dispatch(ready.poll(), w);
            } else {
                List<StepOrder> orders = new ArrayList<>(batch);
                for (int i = 0; i < batch && !ready.isEmpty(); i++) {
                    orders.add(ready.poll());
                }
                dispatchBatch(orders, w);
            }
        }
    }

    private WorkerSlot leastBusy(boolean batched) {
        WorkerSlot best = null;
        for (WorkerSlot w : roster.workers()) {
            if (w.free(batched) > 0 && (best == null || w.free(batched) > best.free(batched))) {
                best = w;
            }
        }
        return best;
    }

    private void dispatchBatch(List<StepOrder> orders, WorkerSlot w) {
        List<Attempt> attempts = new ArrayList<>(orders.size());
        List<String> names = new ArrayList<>(orders.size());
        List<Integer> numbers = new ArrayList<>(orders.size());
        for (StepOrder order : orders) {
            Attempt attempt = new Attempt(order, w, true);
            running.put(order.step(), attempt);
            attempts.add(attempt);
            names.add(order.step());
            numbers.add(order.attempt());
        }
        w.busy++;
        try {
            Invocations.whenAnswered(steps.submitToMember(new RunSteps(runId, names, numbers), w.member),
                    (outcomes, t) -> events.add(new DispatchEvent.BatchEnded(attempts, t == null ? outcomes : null, t)));
        } catch (RuntimeException e) {
            batchEnded(new DispatchEvent.BatchEnded(attempts, null, e));
        }
    }

    private void dispatch(StepOrder order, WorkerSlot w) {
        Attempt attempt = new Attempt(order, w);
        running.put(order.step(), attempt);
        w.busy++;
        Map<String, byte[]> inputs = policy.carryResults() ? files.inputsOf(order.step()) : Map.of();
        RunStep task = new RunStep(runId, order.step(), order.attempt(), inputs);
        try {
            Invocations.whenAnswered(steps.submitToMember(task, w.member),
                    (outcome, t) -> events.add(new DispatchEvent.AttemptEnded(attempt, t == null ? outcome : null, t)));
        } catch (RuntimeException e) {
            attemptEnded(attempt, null, e);
        }
    }

    private void deliver(StepReport report) {
        if (policy.carryResults() && report.result() == null) {
            files.writeStatus(report.status()); // the worker wrote nothing; the Coordinator writes carried results
        }
        reports.add(report);
    }

    /** Nanoseconds left to wait for a worker while orders are pending and none serves the run. */
    private long nanosUntilGivingUp() {
        if (!roster.isEmpty() || (ready.isEmpty() && running.isEmpty())) {
            workerless = false;
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        if (!workerless) {
            workerless = true;
            workerlessSince = now;
            if (!policy.workerWait().isZero()) {
                warn("no worker left in cluster '" + cluster.clusterName() + "'; waiting up to "
                        + policy.workerWait().toSeconds() + " s for one to join");
            }
        }
        long left = workerlessSince + policy.workerWait().toNanos() - now;
        if (left <= 0) {
            throw new BackendException("no worker left in cluster '" + cluster.clusterName() + "'"
                    + (lastLost != null ? " (the last one, " + lastLost + ", was lost during the run)" : "")
                    + " and none joined within " + policy.workerWait().toSeconds() + " s; " + (ready.size()
                    + running.size()) + " step(s) of this phase did not finish. Finished results are kept in "
                    + prepared.layout().dir() + ": start workers and run again to resume.");
        }
        return left;
    }

    private void warn(String line) {
        err.println("phasor: " + line);
        err.flush();
    }
}
