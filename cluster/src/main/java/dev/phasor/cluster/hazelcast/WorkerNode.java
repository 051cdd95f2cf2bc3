package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import dev.phasor.cache.CacheMode;
import dev.phasor.cache.StepStatus;
import dev.phasor.cluster.secret.MessageKeys;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.StepReport;
import dev.phasor.transport.Followers;
import dev.phasor.transport.Order;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The worker side of a {@code phasor worker} member: holds the runs coordinators prepared on it (several
 * coordinators may share workers) and serves their tasks. Found by tasks through the member's user context.
 */
final class WorkerNode {

    static final String CONTEXT_KEY = "dev.phasor.cluster.hazelcast.WorkerNode";
    /** How long an aborted run waits for its interrupted steps (a step may ignore interrupts). */
    static final long ABORT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final int threads;
    /** The worker's own --classpath; if empty, the coordinator's entries are used (shared storage). */
    private final List<String> classpath;
    private final boolean verbose;
    private final PrintWriter out;
    private final ConcurrentMap<String, WorkerRun> runs = new ConcurrentHashMap<>();
    /** The last pipeline built, reused by the next run of the same one (see {@link BuiltPipelines}). */
    private final BuiltPipelines kept = new BuiltPipelines();
    private static final String STARTING = "hz:starting";
    private volatile String name = STARTING;
    private volatile boolean stopping;
    private final WorkerGate gate;

    /** A node without a secret: it takes every message in the clear. */
    WorkerNode(int threads, List<String> classpath, boolean verbose, PrintWriter out) {
        this(threads, classpath, verbose, out, null);
    }

    /** A node that takes only messages sealed with {@code secret}, if not null. */
    WorkerNode(int threads, List<String> classpath, boolean verbose, PrintWriter out, SharedSecret secret) {
        this.threads = threads;
        this.classpath = List.copyOf(classpath);
        this.verbose = verbose;
        this.out = out;
        this.gate = new WorkerGate(secret, this);
    }

    /** The node of the member a task runs on. */
    static WorkerNode of(HazelcastInstance hz) {
        Object node = hz.getUserContext().get(CONTEXT_KEY);
        if (!(node instanceof WorkerNode w)) {
            throw new IllegalStateException("member " + hz.getCluster().getLocalMember() + " is not a phasor worker");
        }
        if (w.name.equals(STARTING)) { // a task may arrive before newHazelcastInstance has returned
            w.started(hz.getCluster().getLocalMember().getAddress());
        }
        return w;
    }

    /** Where steps ran, as status files show it: {@code hz:host:port}. */
    static String nameOf(Address address) {
        return "hz:" + address.getHost() + ":" + address.getPort();
    }

    void started(Address address) {
        name = nameOf(address);
    }

    WorkerGate gate() {
        return gate;
    }

    /** The run {@code runId} this worker holds, or null. */
    WorkerRun run(String runId) {
        return runs.get(runId);
    }

    /** The answer to a run's opening message the gate refused. */
    WorkerAnswer refusal(String why) {
        return WorkerAnswer.refused(name, threads, why);
    }

    WorkerAnswer prepare(PrepareRun order) {
        if (stopping) {
            return WorkerAnswer.cannot(name, threads, "the worker is stopping");
        }
        WorkerRun known = runs.get(order.runId());
        if (known != null) {
            return known.answer;
        }
        Path scratch = null;
        long t0 = System.nanoTime();
        try {
            List<String> entries = classpath.isEmpty() ? order.classpath : classpath;
            BuiltPipelines.Source built = order.carryResults ? null
                    : BuiltPipelines.Source.of(order.className, entries, order.cacheRoot, CacheMode.of(order.cacheMode));
            PreparedPipeline prepared = built != null ? kept.reuse(built, order.fingerprint) : null;
            boolean reused = prepared != null;
            if (prepared == null) {
                scratch = order.carryResults ? Files.createTempDirectory("phasor-run-") : null;
                prepared = build(order, entries, scratch != null ? scratch : Path.of(order.cacheRoot));
            }
            if (scratch == null && !Files.isDirectory(prepared.layout().dir())) {
                if (!reused) {
                    WorkerRun.closeLoader(prepared.loader());
                }
                return cacheNotVisible(prepared);
            }
            if (scratch != null) {
                prepared.layout().create();
            }
            if (!reused && built != null) {
                keepIfAgreed(built, prepared, order.fingerprint);
            }
            WorkerAnswer answer = WorkerAnswer.built(name, threads, prepared.fingerprint(),
                    prepared.fingerprint().equals(order.fingerprint) ? List.of() : prepared.signature());
            runs.put(order.runId(), new WorkerRun(order.runId(), order.coordinator, prepared, answer, scratch,
                    kept::holds).sealedWith(order.replyKeys));
            sayPrepared(order.runId(), prepared, reused, t0);
            scratch = null; // owned by the run now
            return answer;
        } catch (RuntimeException | IOException | LinkageError e) {
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            say("run " + shortId(order.runId()) + ": cannot build pipeline " + order.className + ": " + why);
            return WorkerAnswer.cannot(name, threads, why);
        } finally {
            if (scratch != null) {
                WorkerRun.deleteTree(scratch);
            }
        }
    }

    private static PreparedPipeline build(PrepareRun order, List<String> classpath, Path cacheRoot) {
        PipelineSource.Loaded loaded = new PipelineSource(order.className, classpath)
                .load(WorkerNode.class.getClassLoader());
        return PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cacheRoot, CacheMode.of(order.cacheMode));
    }

    private WorkerAnswer cacheNotVisible(PreparedPipeline prepared) {
        return WorkerAnswer.cannot(name, threads, "the cache directory " + prepared.layout().dir() + " is not visible"
                + " on this node (mount the shared storage at the same path, or run with --results-over-network)");
    }

    /** Keeps a fresh build for the next run, only if it agrees with its coordinator (else it is not worth it). */
    private void keepIfAgreed(BuiltPipelines.Source built, PreparedPipeline prepared, String coordinatorFingerprint) {
        if (prepared.fingerprint().equals(coordinatorFingerprint)) {
            PreparedPipeline dropped = kept.current();
            if (kept.keep(built, prepared)) {
                closeIfUnused(dropped);
            }
        }
    }

    private void sayPrepared(String runId, PreparedPipeline prepared, boolean reused, long startNanos) {
        String fingerprint = prepared.fingerprint();
        say("run " + shortId(runId) + ": " + (reused ? "reused" : "built") + " pipeline '"
                + prepared.pipeline().name() + "' (" + prepared.pipeline().plan().stepCount() + " steps, fingerprint "
                + fingerprint.substring(0, Math.min(12, fingerprint.length())) + ") in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms");
    }

    /**
     * Closes the class loader of the build {@link #kept} let go of, unless a run still uses it (that run's
     * clean-up closes it, as the build is no longer kept): one loader, and its open jars, per pipeline
     * change would otherwise stay for the worker's life.
     */
    private void closeIfUnused(PreparedPipeline dropped) {
        if (dropped != null && runs.values().stream().noneMatch(r -> r.prepared == dropped)) {
            WorkerRun.closeLoader(dropped.loader());
        }
    }

    /** Which orders of a {@link RunSteps} message run ({@link Followers}); null if this worker holds no such run. */
    Followers followers(String runId) {
        WorkerRun run = runs.get(runId);
        return run == null ? null : run.executor.followers();
    }

    /** Runs one order of a {@link RunSteps} message, and says how it ended or why it did not run. */
    StepOutcome execute(String runId, Order order, Map<String, byte[]> inputs) {
        String step = order.step();
        int attempt = order.attempt();
        WorkerRun run = runs.get(runId);
        if (run == null || stopping) {
            return StepOutcome.refused(stopping ? "the worker is stopping" : "the worker holds no run " + runId);
        }
        if (!run.enter()) {
            return StepOutcome.refused("the run was released on this worker");
        }
        try {
            if (verbose) {
                say("run " + shortId(runId) + ": " + step + " (attempt " + attempt + ") started");
            }
            if (run.carriesResults()) {
                run.stage(inputs);
            }
            if (!run.carriesResults() && run.superseded(step, attempt)) {
                return dropped(run, step, attempt, "not run", "was to start");
            }
            StepReport report = attempt > 1 ? run.completedEarlier(step) : null;
            if (report == null) {
                report = runStep(run, order);
            }
            if (report == null) {
                return dropped(run, step, attempt, "ended, its result not kept,", "ended");
            }
            if (stopping) {
                // interrupted by SIGTERM: not the step's failure, so let the coordinator run it elsewhere
                return StepOutcome.refused("the worker stopped while running the step");
            }
            if (verbose) {
                StepStatus s = report.status();
                say("run " + shortId(runId) + ": " + s.step() + " (attempt " + s.attempt() + ") " + s.state().word()
                        + " in " + Math.round(s.durationMs()) + " ms");
            }
            return StepOutcome.report(report);
        } finally {
            run.exit();
        }
    }

    /**
     * Writes inputs the coordinator sent ahead of their steps ({@link StageInputs}) into the run's scratch
     * cache; null, or why it did not.
     */
    String stage(String runId, Map<String, byte[]> inputs) {
        WorkerRun run = runs.get(runId);
        if (run == null || stopping) {
            return stopping ? "the worker is stopping" : "the worker holds no run " + runId;
        }
        if (!run.carriesResults()) {
            return "run " + runId + " does not carry results over the network";
        }
        if (!run.enter()) {
            return "the run was released on this worker";
        }
        try {
            run.stage(inputs);
            if (verbose) {
                say("run " + shortId(runId) + ": staged input(s) " + String.join(", ", inputs.keySet()) + " ("
                        + inputs.values().stream().mapToLong(b -> b.length).sum() + " bytes) ahead of their step");
            }
            return null;
        } finally {
            run.exit();
        }
    }

    /**
     * Says why an attempt was dropped here and refuses it (the coordinator ignores what a worker it let go of
     * answers): the run was released here (it ended, was aborted, or this worker was dropped from it), or the
     * step was done again by a later attempt while this one waited or ran (this worker was frozen or cut off).
     */
    private StepOutcome dropped(WorkerRun run, String step, int attempt, String what, String when) {
        String why = run.isReleased() ? "after the run was released here (" + run.releaseReason() + ")"
                : "after it was superseded: a later attempt of the step ran elsewhere";
        say("run " + shortId(run.id) + ": " + step + " (attempt " + attempt + ") " + what + " " + why);
        return StepOutcome.refused("attempt " + attempt + " of step '" + step + "' " + when + " " + why);
    }

    /**
     * Runs a step. With shared storage its files are written here, but only after the step ran and only if
     * the attempt is still current ({@link WorkerRun#keep}): a worker that was frozen (SIGSTOP, a long GC
     * pause) and wakes up after its steps were dispatched elsewhere must not overwrite their newer results.
     * Null if the attempt was superseded.
     */
    private StepReport runStep(WorkerRun run, Order order) {
        try {
            if (run.carriesResults()) {
                return run.executor.execute(order, name, false);
            }
            return run.keep(run.executor.execute(order, name, run::current));
        } catch (Throwable t) { // NOPMD: an Error execute() lets through (OutOfMemoryError...) is the step's failure
            return run.executor.failure(order, name, t);
        }
    }

    /**
     * Forgets a run. With {@code interrupt} (an abort), its running steps are interrupted and waited for
     * (bounded), so that none writes to the cache after the coordinator has released its lock.
     */
    boolean release(String runId, String reason, boolean interrupt) {
        WorkerRun run = runs.remove(runId);
        if (run == null) {
            return false;
        }
        run.release(reason, interrupt);
        say("run " + shortId(runId) + " released: " + reason);
        try {
            if (interrupt && !run.awaitIdle(ABORT_WAIT_NANOS)) {
                say("run " + shortId(runId) + ": steps still running "
                        + TimeUnit.NANOSECONDS.toSeconds(ABORT_WAIT_NANOS) + " s after the abort; they may still write"
                        + " to the cache");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * A member left: runs whose coordinator it was are over (their coordinator died or was stopped). Released
     * on a thread of its own: waiting for interrupted steps must not hold up Hazelcast's event thread.
     */
    void memberLeft(UUID member) {
        for (WorkerRun run : runs.values()) {
            if (run.coordinator.equals(member)) {
                Thread t = new Thread(() -> release(run.id, "its coordinator left the cluster", true),
                        "phasor-release-" + shortId(run.id));
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /** The member is leaving: refuse new work and interrupt running steps, which coordinators re-dispatch. */
    void stop() {
        stopping = true;
        for (WorkerRun run : runs.values()) {
            release(run.id, "the worker is stopping", true);
        }
    }

    void say(String line) {
        synchronized (out) {
            out.println("phasor worker " + name + ": " + line);
            out.flush();
        }
    }

    private static String shortId(String runId) {
        return runId.length() > 8 ? runId.substring(0, 8) : runId;
    }
}
