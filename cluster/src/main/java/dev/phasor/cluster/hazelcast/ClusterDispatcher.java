package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Hands a run's orders to the worker members that agreed on its pipeline and turns their answers into
 * reports, exactly one per submitted order.
 *
 * <p>Each order is at any time either waiting ({@code ready}) or in exactly one live {@link Attempt}
 * ({@code running}); only that attempt can produce its report. When a worker leaves, fails an invocation
 * or refuses an order, it is dropped from the run and its attempts go back to the front of the queue with
 * the next attempt number, so anything its abandoned attempts still send is ignored. A step whose workers
 * are lost {@value #MAX_LOSSES} times is reported failed rather than allowed to take the whole cluster down.
 *
 * <p>Balancing is dynamic: an order goes to the agreeing worker with the most free threads, and at most
 * a worker's thread count of invocations are in flight on it. While steps are short (under
 * {@value #SHORT_STEP_MILLIS} ms on average) and many are waiting, one invocation carries a batch of up to
 * {@value #MAX_BATCH} of them (run one after the other on one worker thread): an invocation round trip costs
 * hundreds of microseconds, a batch shares it; one more batch per thread waits queued on the worker, so its
 * threads never idle for a round trip between batches; batches shrink as a phase drains, so no worker is left
 * holding the last long queue. Hazelcast's threads only queue events; all state
 * lives on the coordinator's thread.
 */
final class ClusterDispatcher implements Dispatcher {

    static final int MAX_LOSSES = 3;
    /** How long a release waits for workers' acknowledgements; an abort also waits for interrupted steps. */
    private static final long RELEASE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final int MAX_BATCH = 100;
    static final double SHORT_STEP_MILLIS = 10;
    /** Moving mean of the steps' durations (NaN until one reports): batches only while steps are short. */
    private double meanStepMillis = Double.NaN;
    private static final long ABORT_WAIT_NANOS = WorkerNode.ABORT_WAIT_NANOS + RELEASE_WAIT_NANOS;
    /** How long past --worker-wait a worker asked in time may take to build the pipeline. */
    private static final long ANSWER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final HazelcastInstance hz;
    private final PreparedPipeline prepared;
    private final RunSession session;
    private final ClusterSettings cluster;
    private final HazelcastBackend.RunPolicy policy;
    private final PrintWriter err;
    private final CoordinatorFiles files;
    private final String runId = UUID.randomUUID().toString();
    private final IExecutorService steps;
    private final IExecutorService control;
    private final LinkedBlockingQueue<DispatchEvent> events = new LinkedBlockingQueue<>();

    /** Workers serving this run, by member. */
    private final Map<UUID, WorkerSlot> workers = new LinkedHashMap<>();
    /** Workers asked to prepare the run that have not answered. */
    private final Map<UUID, Member> preparing = new LinkedHashMap<>();
    /** Every worker member asked, so that none is asked twice. */
    private final Set<UUID> asked = new HashSet<>();
    /** Refused workers and why. */
    private final Map<String, String> refused = new LinkedHashMap<>();
    private final ArrayDeque<StepOrder> ready = new ArrayDeque<>();
    private final Map<String, Attempt> running = new HashMap<>();
    private final Map<String, Integer> losses = new HashMap<>();
    private final ArrayDeque<StepReport> reports = new ArrayDeque<>();
    private UUID membershipListener;
    private boolean started;
    private boolean released;
    private long workerlessSince;
    private boolean workerless;
    private String lastLost;

    ClusterDispatcher(HazelcastInstance hz, RunSession session, ClusterSettings cluster,
            HazelcastBackend.RunPolicy policy, PrintWriter err) {
        this.hz = hz;
        this.session = session;
        this.prepared = session.prepared();
        this.cluster = cluster;
        this.policy = policy;
        this.err = err;
        this.files = new CoordinatorFiles(prepared, err);
        this.steps = hz.getExecutorService(MemberConfigs.STEP_EXECUTOR);
        this.control = hz.getExecutorService(MemberConfigs.CONTROL_EXECUTOR);
    }

    /**
     * Asks every worker member to build the pipeline, and waits until every one asked has answered and at
     * least the minimum agree: workers may join for up to the policy's worker wait, and those asked get a
     * bounded extra time to answer.
     *
     * @throws BackendException naming the refused workers if too few agree
     */
    void awaitWorkers() {
        membershipListener = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                events.add(new DispatchEvent.MemberUp(e.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                events.add(new DispatchEvent.MemberDown(e.getMember()));
            }
        });
        long t0 = System.nanoTime();
        for (Member m : hz.getCluster().getMembers()) {
            memberUp(m);
        }
        long joinDeadline = System.nanoTime() + policy.workerWait().toNanos();
        long answerDeadline = joinDeadline + ANSWER_WAIT_NANOS; // workers asked in time may still be building
        try {
            while (workers.size() < policy.minWorkers() || !preparing.isEmpty()) {
                if (workers.isEmpty() && !refused.isEmpty() && preparing.isEmpty()) {
                    break; // every worker asked refused: more of the same deployment would refuse too
                }
                long now = System.nanoTime();
                long left = (preparing.isEmpty() ? joinDeadline : answerDeadline) - now;
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
        if (workers.size() < policy.minWorkers()) {
            throw new BackendException(tooFewWorkers());
        }
        if (cluster.verbose()) {
            warn(workers.size() + " worker(s) built the pipeline in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - t0) + " ms");
        }
        started = true;
    }

    @Override
    public int parallelism() {
        return Math.max(1, workers.values().stream().mapToInt(w -> w.threads).sum());
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
            if (membershipListener != null) {
                hz.getCluster().removeMembershipListener(membershipListener);
            }
            List<Future<Boolean>> acks = new ArrayList<>();
            List<Member> targets = new ArrayList<>(preparing.values());
            workers.values().forEach(w -> targets.add(w.member));
            for (Member m : targets) {
                try {
                    acks.add(control.submitToMember(new ReleaseRun(runId, reason, interrupt), m));
                } catch (RuntimeException e) {
                    // the member is gone or going: nothing to release there
                }
            }
            long deadline = System.nanoTime() + (interrupt ? ABORT_WAIT_NANOS : RELEASE_WAIT_NANOS);
            for (Future<Boolean> ack : acks) {
                try {
                    ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    // a worker that does not answer drops the run when this coordinator leaves
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
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
            memberUp(up.member());
        } else if (event instanceof DispatchEvent.MemberDown down) {
            memberDown(down.member());
        } else if (event instanceof DispatchEvent.Answered a) {
            answered(a.member(), a.answer(), a.failure());
        } else if (event instanceof DispatchEvent.AttemptEnded a) {
            attemptEnded(a.attempt(), a.outcome(), a.failure());
        } else if (event instanceof DispatchEvent.BatchEnded b) {
            batchEnded(b);
        }
    }

    private void memberUp(Member m) {
        if (released || m.localMember() || !MemberConfigs.WORKER.equals(m.getAttribute(MemberConfigs.ROLE))
                || !asked.add(m.getUuid())) {
            return;
        }
        preparing.put(m.getUuid(), m);
        PrepareRun task = new PrepareRun(runId, hz.getCluster().getLocalMember().getUuid(),
                session.source().className(), session.source().classpath(), prepared.layout().root().toString(),
                policy.carryResults(), prepared.fingerprint());
        try {
            whenAnswered(control.submitToMember(task, m),
                    (answer, t) -> events.add(new DispatchEvent.Answered(m, t == null ? answer : null, t)));
        } catch (RuntimeException e) {
            events.add(new DispatchEvent.Answered(m, null, e));
        }
    }

    private void answered(Member m, WorkerAnswer answer, Throwable failure) {
        if (preparing.remove(m.getUuid()) == null) {
            return; // it left meanwhile
        }
        String name = answer != null ? answer.worker : WorkerNode.nameOf(m.getAddress());
        String why = failure != null ? "did not answer: " + describe(failure)
                : answer.error != null ? "cannot build the pipeline: " + answer.error
                : !prepared.fingerprint().equals(answer.fingerprint)
                        ? "it builds another pipeline: " + difference(answer) : null;
        if (why != null) {
            refused.put(name, why);
            warn("refusing worker " + name + ": " + why);
            sendRelease(m, "refused: " + why);
            return;
        }
        workers.put(m.getUuid(), new WorkerSlot(m, name, answer.threads));
        workerless = false;
        if (started) {
            warn("worker " + name + " joined the run (" + answer.threads + " threads)");
        }
    }

    private String difference(WorkerAnswer answer) {
        String d = prepared.firstDifference(answer.signature);
        return d != null ? d : "same steps and keys but another plan fingerprint (registered result types differ?)";
    }

    private void memberDown(Member m) {
        preparing.remove(m.getUuid());
        WorkerSlot w = workers.get(m.getUuid());
        if (w != null) {
            dropWorker(w, "worker " + w.name + " left the cluster");
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
                double ms = report.status().durationMs();
                meanStepMillis = Double.isNaN(meanStepMillis) ? ms : 0.8 * meanStepMillis + 0.2 * ms;
                deliver(report);
                return;
            } catch (IOException e) {
                failure = e;
            }
        }
        String why = failure != null && left(attempt.worker, failure)
                ? "worker " + attempt.worker.name + " left the cluster"
                : failure != null ? "dispatch to worker " + attempt.worker.name + " failed: " + describe(failure)
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
        if (workers.remove(w.member.getUuid()) == null) {
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
            sendRelease(w.member, "dropped from the run: " + why);
        }
    }

    /** Dispatches waiting orders while some worker has a free thread. */
    private void pump() {
        while (!ready.isEmpty()) {
            int batch = batchSize();
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

    /** Orders for the next invocation: 1 for long steps, else enough to keep every thread fed twice over. */
    private int batchSize() {
        if (policy.carryResults() || !(meanStepMillis < SHORT_STEP_MILLIS)) {
            return 1;
        }
        int threads = Math.max(1, workers.values().stream().mapToInt(w -> w.threads).sum());
        return Math.max(1, Math.min(MAX_BATCH, ready.size() / (2 * threads)));
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
            whenAnswered(steps.submitToMember(new RunSteps(runId, names, numbers), w.member),
                    (outcomes, t) -> events.add(new DispatchEvent.BatchEnded(attempts, t == null ? outcomes : null, t)));
        } catch (RuntimeException e) {
            batchEnded(new DispatchEvent.BatchEnded(attempts, null, e));
        }
    }

    private WorkerSlot leastBusy(boolean batches) {
        WorkerSlot best = null;
        for (WorkerSlot w : workers.values()) {
            if (w.free(batches) > 0 && (best == null || w.free(batches) > best.free(batches))) {
                best = w;
            }
        }
        return best;
    }

    private void dispatch(StepOrder order, WorkerSlot w) {
        Attempt attempt = new Attempt(order, w);
        running.put(order.step(), attempt);
        w.busy++;
        Map<String, byte[]> inputs = policy.carryResults() ? files.inputsOf(order.step()) : Map.of();
        RunStep task = new RunStep(runId, order.step(), order.attempt(), inputs);
        try {
            whenAnswered(steps.submitToMember(task, w.member),
                    (outcome, t) -> events.add(new DispatchEvent.AttemptEnded(attempt, t == null ? outcome : null, t)));
        } catch (RuntimeException e) {
            attemptEnded(attempt, null, e);
        }
    }

    /**
     * Queues the answer of an invocation as an event, on the thread that completes it (Hazelcast's response
     * thread; this one if it is already complete): the callback form of {@code submitToMember} hands each
     * answer to Hazelcast's default async executor, which on a machine of 2 cores or fewer (a common pool of
     * parallelism 1) starts a new thread for every answer. Only a queue insertion runs there.
     */
    private static <T> void whenAnswered(Future<T> answer, BiConsumer<T, Throwable> then) {
        if (!(answer instanceof CompletionStage<?> stage)) { // Hazelcast 5's invocation futures all are
            throw new IllegalStateException("Hazelcast returned a " + answer.getClass().getName()
                    + " for an invocation, not a CompletionStage");
        }
        @SuppressWarnings("unchecked")
        CompletionStage<T> typed = (CompletionStage<T>) stage;
        typed.whenCompleteAsync(then, Runnable::run);
    }

    private void deliver(StepReport report) {
        if (policy.carryResults() && report.result() == null) {
            files.writeStatus(report.status()); // the worker wrote nothing; the Coordinator writes carried results
        }
        reports.add(report);
    }

    /** Nanoseconds left to wait for a worker while orders are pending and none serves the run. */
    private long nanosUntilGivingUp() {
        if (!workers.isEmpty() || (ready.isEmpty() && running.isEmpty())) {
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

    private void sendRelease(Member m, String reason) {
        try {
            control.submitToMember(new ReleaseRun(runId, reason, true), m);
        } catch (RuntimeException e) {
            // gone already: it dropped the run with its membership
        }
    }

    private String tooFewWorkers() {
        StringBuilder m = new StringBuilder();
        if (asked.isEmpty()) {
            m.append("no phasor worker found in cluster '").append(cluster.clusterName()).append("' within ")
                    .append(policy.workerWait().toSeconds()).append(" s (joined through ")
                    .append(String.join(",", cluster.join())).append("); start workers with: phasor worker --join ")
                    .append(String.join(",", cluster.join())).append(" --cluster-name ").append(cluster.clusterName());
            return m.toString();
        }
        m.append(workers.isEmpty() ? "no worker agrees on pipeline '" + prepared.pipeline().name() + "'"
                : workers.size() + " worker(s) agree on pipeline '" + prepared.pipeline().name()
                        + "', fewer than --min-workers " + policy.minWorkers());
        refused.forEach((name, why) -> m.append("; refused ").append(name).append(": ").append(why));
        if (!preparing.isEmpty()) {
            m.append("; ").append(preparing.size()).append(" worker(s) did not answer within ")
                    .append(policy.workerWait().toSeconds()).append(" s");
        }
        return m.toString();
    }

    private void warn(String line) {
        err.println("phasor: " + line);
        err.flush();
    }

    /** True if the failure means the worker is gone (its departure event may come after the failure). */
    private boolean left(WorkerSlot w, Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof MemberLeftException || t instanceof TargetNotMemberException
                || t instanceof TargetDisconnectedException || !hz.getCluster().getMembers().contains(w.member);
    }

    private static Throwable unwrap(Throwable t) {
        return (t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null
                ? t.getCause() : t;
    }

    private static String describe(Throwable t) {
        Throwable root = unwrap(t);
        return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
    }
}
