package dev.phasor.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.phasor.api.BackendException;
import dev.phasor.backend.RunSession;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.transport.Event;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import dev.phasor.transport.Transport;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's side of a Hazelcast run: each {@code phasor worker} member that agreed on the pipeline
 * ({@link RunRoster}) is one worker of the engine, named as its statuses show it ({@code hz:host:port}). A
 * message of orders is one {@link RunSteps} invocation on that member; its answer is one {@link Event.Reported}.
 *
 * <p>A worker is {@link Event.Lost} when its member leaves the cluster (stopped, killed, or silent past
 * {@code --heartbeat-timeout}: Hazelcast then declares it dead), when an invocation on it fails, or when it
 * refuses an order (it is stopping); it is released, and nothing it answers later is delivered. A worker
 * that joins the cluster during the run is asked to build the pipeline and, if it agrees, joins the run; one
 * that builds another pipeline is refused by name, as a lost worker the engine never knew. With no worker
 * left, the transport waits {@code --worker-wait} for one, then is {@link Event.Broken}.
 *
 * <p>The engine numbers a step sent again after its worker was lost as its next attempt, so that the lost
 * worker, if it was only frozen or cut off and wakes up, sees on disk that its own attempt was superseded and
 * writes nothing ({@link WorkerRun#keep}).
 *
 * <p>Hazelcast's threads only queue {@link DispatchEvent}s; all state lives on the coordinator's thread.
 */
final class HazelcastTransport implements Transport {

    /** How long past --worker-wait a worker asked in time may take to build the pipeline. */
    private static final long ANSWER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * Most orders in one message while steps are short: one invocation round trip (hundreds of microseconds)
     * is then shared by up to this many steps, and a worker ends a batch of 10 ms steps within a second.
     */
    static final int MAX_BATCH = 100;
    /**
     * A worker holds one more message per thread while steps are short, so a thread that ends its batch
     * starts the next at once instead of waiting for a round trip.
     */
    static final int PREFETCH = 1;
    /**
     * With --results-over-network, the inputs of a message beyond this many bytes go ahead of it in parts of
     * about this size ({@link StageInputs}): one message of 50 inputs of 1 MiB cost the coordinator 127 MiB of
     * Hazelcast's doubling buffer and the worker a 50 MiB packet, all copied on one thread after another, where
     * parts of 1 MiB are copied by both sides at once (decision 0013).
     */
    static final int INPUT_PART_BYTES = 1 << 20;

    private final HazelcastInstance hz;
    private final PreparedPipeline prepared;
    private final ClusterSettings cluster;
    private final HazelcastBackend.RunPolicy policy;
    private final PrintWriter err;
    private final CarriedInputs carried;
    private final String runId = UUID.randomUUID().toString();
    private final IExecutorService steps;
    private final LinkedBlockingQueue<DispatchEvent> events = new LinkedBlockingQueue<>();
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    private final RunReleases releases;
    private final RunRoster roster;
    private final RunSealer sealer;

    /** Serving workers by name. */
    private final Map<String, WorkerSlot> workers = new HashMap<>();
    /** The worker each step was sent to, until it answers. */
    private final Map<String, WorkerSlot> sentTo = new HashMap<>();
    /** Steps whose worker was lost and that were not sent again yet. */
    private final Set<String> orphans = new LinkedHashSet<>();
    private boolean released;
    private long workerlessSince;
    private boolean workerless;
    private String lastLost;

    HazelcastTransport(HazelcastInstance hz, RunSession session, ClusterSettings cluster,
            HazelcastBackend.RunPolicy policy, PrintWriter err) {
        this.hz = hz;
        this.prepared = session.prepared();
        this.cluster = cluster;
        this.policy = policy;
        this.err = err;
        this.carried = new CarriedInputs(prepared);
        this.steps = hz.getExecutorService(MemberConfigs.STEP_EXECUTOR);
        IExecutorService control = hz.getExecutorService(MemberConfigs.CONTROL_EXECUTOR);
        this.sealer = new RunSealer(cluster.secret(), hz.getCluster().getLocalMember().getUuid(), runId);
        this.releases = new RunReleases(control, runId, sealer);
        this.roster = new RunRoster(hz, control, runId, session, cluster, policy, events, releases, sealer, err);
    }

    /**
     * Asks every worker member to build the pipeline, and waits until every one asked has answered and at
     * least {@code --min-workers} agree: workers may join for up to {@code --worker-wait}, and those asked get
     * a bounded extra time to answer. The workers that agree are announced first by {@link #poll}.
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
                long left = (roster.awaitingAnswers() ? answerDeadline : joinDeadline) - System.nanoTime();
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
        roster.started((name, why) -> ready.add(new Event.Lost(name, why)));
    }

    @Override
    public int parallelism() {
        return Math.max(1, roster.threads());
    }

    /** One step per message while results travel over the network: a batch's results would be one huge answer. */
    @Override
    public int maxBatch() {
        return policy.carryResults() ? 1 : MAX_BATCH;
    }

    @Override
    public boolean carriesResults() {
        return policy.carryResults();
    }

    @Override
    public void send(String worker, List<Order> orders) {
        WorkerSlot w = workers.get(worker);
        if (w == null) {
            return; // lost: its Lost event is queued, and the engine places these orders again
        }
        List<String> names = new ArrayList<>(orders.size());
        for (Order o : orders) {
            names.add(o.step());
            sentTo.put(o.step(), w);
            orphans.remove(o.step());
        }
        StagedOrders staged = new StagedOrders(w, List.copyOf(orders));
        if (policy.carryResults()) {
            staged.lastPart = carried.inParts(names, INPUT_PART_BYTES, part -> stage(staged, part));
        }
        if (staged.nothingAhead()) {
            runSteps(staged);
        }
    }

    /** Sends the orders, with the inputs that did not go ahead of them. */
    private void runSteps(StagedOrders staged) {
        WorkerSlot w = staged.worker;
        List<Order> orders = staged.orders;
        RunSteps task = sealer.stamp(new RunSteps(runId, orders, staged.lastPart), w.member.getUuid());
        SealHeader sent = task.header();
        try {
            Invocations.whenAnswered(steps.submitToMember(task, w.member), (outcomes, t) ->
                    events.add(new DispatchEvent.BatchEnded(w, orders, sent, t == null ? outcomes : null, t)));
        } catch (RuntimeException e) {
            batchEnded(new DispatchEvent.BatchEnded(w, orders, sent, null, e));
        }
    }

    /** Sends one part of the orders' inputs ahead of them; its answer is handled on this thread later. */
    private void stage(StagedOrders staged, Map<String, byte[]> part) {
        WorkerSlot w = staged.worker;
        StageInputs task = sealer.stamp(new StageInputs(runId, part), w.member.getUuid());
        SealHeader sent = task.header();
        staged.partSent();
        try {
            Invocations.whenAnswered(steps.submitToMember(task, w.member), (answer, t) ->
                    events.add(new DispatchEvent.InputsStaged(staged, sent, t == null ? answer : null, t)));
        } catch (RuntimeException e) {
            events.add(new DispatchEvent.InputsStaged(staged, sent, null, e));
        }
    }

    /**
     * A part of some orders' inputs was staged (the orders go once the last one is), or not: then the worker
     * is lost, as when it does not run an order, and the engine places its orders again.
     */
    private void inputsStaged(DispatchEvent.InputsStaged s) {
        StagedOrders staged = s.staged();
        WorkerSlot w = staged.worker;
        if (!admitted(w, s.sent(), s.answer(), s.failure(), "carrying inputs to")) {
            return;
        }
        List<StepOutcome> refused = s.answer() == null ? List.of(StepOutcome.refused("it answered nothing"))
                : s.answer().outcomes();
        if (!refused.isEmpty()) {
            lose(w, "worker " + w.name + " did not take the inputs of step '" + staged.orders.get(0).step() + "': "
                    + (refused.get(0).ran() ? "it answered with an outcome" : refused.get(0).refusal()));
            return;
        }
        if (staged.staged()) {
            runSteps(staged);
        }
    }

    @Override
    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            for (DispatchEvent e = events.poll(); e != null; e = events.poll()) {
                handle(e);
            }
            if (!ready.isEmpty()) {
                return ready.poll();
            }
            long giveUpIn = nanosUntilGivingUp();
            if (giveUpIn <= 0) {
                return new Event.Broken(noWorkerLeft());
            }
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
                lose(w, "worker " + w.name + " left the cluster");
            }
        } else if (event instanceof DispatchEvent.Answered a) {
            WorkerSlot w = roster.answered(a.member(), a.sent(), a.answer(), a.failure());
            if (w != null) {
                WorkerSlot before = workers.get(w.name);
                if (before != null) { // restarted at the same address before its old member's departure came
                    lose(before, "worker " + w.name + " left the cluster");
                }
                workers.put(w.name, w);
                workerless = false;
                ready.add(new Event.Joined(w.name, w.threads, PREFETCH));
            }
        } else if (event instanceof DispatchEvent.BatchEnded b) {
            batchEnded(b);
        } else if (event instanceof DispatchEvent.InputsStaged s) {
            inputsStaged(s);
        }
    }

    /**
     * A message was answered: its reports go to the engine, up to the first order the worker did not run; a
     * worker that refused an order, or whose invocation failed, is lost (the engine places the rest again).
     */
    private void batchEnded(DispatchEvent.BatchEnded b) {
        WorkerSlot w = b.worker();
        if (!admitted(w, b.sent(), b.outcomes(), b.failure(), "dispatch to")) {
            return;
        }
        List<StepOutcome> outcomes = b.outcomes() == null ? null : b.outcomes().outcomes();
        if (outcomes == null || outcomes.isEmpty() || outcomes.size() > b.orders().size()
                || outcomes.size() < b.orders().size() && outcomes.get(outcomes.size() - 1).ran()) {
            lose(w, "worker " + w.name + " answered " + (outcomes == null ? 0 : outcomes.size())
                    + " outcomes for a message of " + b.orders().size() + " orders");
            return;
        }
        List<Report> reports = new ArrayList<>(outcomes.size());
        String refusal = null;
        for (int i = 0; i < outcomes.size() && refusal == null; i++) {
            StepOutcome o = outcomes.get(i);
            if (o.withdrawnFollower()) {
                sentTo.remove(b.orders().get(i).step()); // the engine withdrew it when the failure before it came
            } else if (o.ran()) {
                reports.add(o.toReport());
                sentTo.remove(b.orders().get(i).step());
            } else {
                refusal = "worker " + w.name + " did not run step '" + b.orders().get(i).step() + "': " + o.refusal();
            }
        }
        if (!reports.isEmpty()) {
            ready.add(new Event.Reported(w.name, reports));
        }
        if (refusal != null) {
            lose(w, refusal);
        }
    }

    /**
     * True if the answer to a message sent to {@code w} ({@code sent}: its header) may be read, a sealed one then
     * open; false if the worker was lost meanwhile (nothing it answers is delivered), or is lost now because the
     * invocation failed ({@code doing}: what the message was for) or its answer is not let in.
     */
    private boolean admitted(WorkerSlot w, SealHeader sent, StepOutcomes answer, Throwable failure, String doing) {
        if (workers.get(w.name) != w) {
            return false;
        }
        if (failure != null) {
            lose(w, Invocations.memberLeft(hz, w.member, failure) ? "worker " + w.name + " left the cluster"
                    : doing + " worker " + w.name + " failed: " + Invocations.describe(failure));
            return false;
        }
        String unsealed = unsealedAnswer(answer, sent, w);
        if (unsealed != null) {
            lose(w, "refused the answer of worker " + w.name + ": " + unsealed);
            return false;
        }
        return true;
    }

    /**
     * Why the answer of a message is not let in (its seal), with what an answer in the clear says of its first
     * refused order; null if it is let in (a sealed one is then open).
     */
    private String unsealedAnswer(StepOutcomes answer, SealHeader sent, WorkerSlot w) {
        String why = answer == null ? null : sealer.admit(answer, sent, w.member.getUuid());
        if (why == null || answer.isSealed()) {
            return why;
        }
        return why + answer.outcomes().stream().filter(o -> !o.ran()).map(o -> "; it says: " + o.refusal())
                .findFirst().orElse("");
    }

    /** Takes a worker out of the run: the engine hears it is lost, the member that its run is over. */
    private void lose(WorkerSlot w, String why) {
        if (!roster.remove(w)) {
            return;
        }
        workers.remove(w.name);
        lastLost = w.name;
        sentTo.entrySet().removeIf(e -> {
            if (e.getValue() != w) {
                return false;
            }
            orphans.add(e.getKey());
            return true;
        });
        ready.add(new Event.Lost(w.name, why));
        if (hz.getCluster().getMembers().contains(w.member)) {
            releases.send(w.member, "dropped from the run: " + why);
        }
    }

    /**
     * Nanoseconds left to wait for a worker while none serves the run (the coordinator polls only while it
     * has steps to run), or {@link Long#MAX_VALUE} while some worker does.
     */
    private long nanosUntilGivingUp() {
        if (!roster.isEmpty()) {
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
        return workerlessSince + policy.workerWait().toNanos() - now;
    }

    private String noWorkerLeft() {
        return "no worker left in cluster '" + cluster.clusterName() + "'"
                + (lastLost != null ? " (the last one, " + lastLost + ", was lost during the run)" : "")
                + " and none joined within " + policy.workerWait().toSeconds() + " s; " + orphans.size()
                + " step(s) its workers held did not finish. Finished results are kept in " + prepared.layout().dir()
                + ": start workers and run again to resume.";
    }

    private void warn(String line) {
        err.println("phasor: " + line);
        err.flush();
    }
}
