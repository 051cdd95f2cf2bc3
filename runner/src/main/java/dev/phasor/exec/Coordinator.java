package dev.phasor.exec;

import dev.phasor.api.BackendException;
import dev.phasor.api.PhasorException;
import dev.phasor.api.StepDefinition;
import dev.phasor.backend.Backend;
import dev.phasor.backend.Dispatcher;
import dev.phasor.backend.RunSession;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheLock;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.plan.Phase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a prepared pipeline from the coordinator process, phase after phase.
 *
 * <p>Order of a run: the backend readies its workers (they must agree on the plan fingerprint); the
 * cache directory is locked; the schema is written, or checked against the stored one (a conflict
 * aborts every worker with the same message and writes nothing); temporary files left by a crash are
 * removed. Then each phase: a step whose result is valid for its key is reused ({@code cached}); a step
 * with a failed or skipped upstream step is skipped (status 2, naming the failed step); every other step
 * is dispatched, and the phase ends when all its dispatched steps have reported (the barrier). After a
 * phase, a dynamic pipeline applies the expansions of its generators that are now done: the generated
 * steps join later phases ({@link PreparedPipeline#expand}) and the schema records them. Finally
 * the summary is written and the lock released, whatever happened.
 *
 * <p>When you change this class: every path out of {@link #run} must release the lock, and every
 * path after {@code backend.start} must either {@code finish} or {@code abort} the dispatcher (MPJ ranks
 * otherwise wait forever).
 */
public final class Coordinator {

    private final PreparedPipeline prepared;
    private final PipelineSource source;
    private final RunListener listener;
    /** Latest status of every step, in plan order; pending until decided. */
    private final Map<String, StepStatus> statuses = new LinkedHashMap<>();

    public Coordinator(PreparedPipeline prepared, PipelineSource source, RunListener listener) {
        this.prepared = prepared;
        this.source = source;
        this.listener = listener;
        for (Phase phase : prepared.pipeline().plan()) {
            for (StepDefinition s : phase.steps()) {
                statuses.put(s.name(), StepStatus.pending(s.name(), phase.index(), prepared.key(s.name())));
            }
        }
    }

    /** Runs every phase on {@code backend}, which must be the coordinator's. */
    public RunReport run(Backend backend) {
        if (!backend.isCoordinator()) {
            throw new IllegalStateException("Coordinator.run called in a worker process");
        }
        long t0 = System.nanoTime();
        CacheLayout layout = prepared.layout();
        layout.create();
        Dispatcher dispatcher = backend.start(new RunSession(prepared, source));
        boolean aborted = false;
        try {
            SchemaFile.verify(layout, prepared.schema()); // a conflict must not touch any file, the lock included
            try (CacheLock lock = CacheLock.acquire(layout)) {
                SchemaFile.verifyOrWrite(layout, prepared.schema());
                try {
                    layout.removeTemporaryFiles();
                    listener.runStarted(prepared, dispatcher.parallelism());
                    List<Phase> phases = prepared.pipeline().plan().phases();
                    for (int i = 0; i < phases.size(); i++) {
                        runPhase(phases.get(i), dispatcher);
                        if (expandDynamicSteps()) {
                            phases = prepared.pipeline().plan().phases(); // earlier phases are unchanged
                        }
                    }
                } catch (InterruptedException e) {
                    // Stop the workers while the lock is still held: none may write after it is released.
                    aborted = abortQuietly(dispatcher, "the run was interrupted", ExitCodes.BACKEND);
                    throw e;
                } catch (RuntimeException e) {
                    aborted = abortQuietly(dispatcher, e.getMessage(), ExitCodes.of(e));
                    throw e;
                } finally {
                    writeSummary(); // only once the schema is ours: a conflict writes nothing
                }
            }
            dispatcher.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!aborted) {
                abortQuietly(dispatcher, "the run was interrupted", ExitCodes.BACKEND);
            }
            throw new BackendException("run interrupted; finished results are kept", e);
        } catch (RuntimeException e) {
            if (!aborted) {
                abortQuietly(dispatcher, e.getMessage(), ExitCodes.of(e));
            }
            throw e;
        }
        return new RunReport(prepared, statuses, (System.nanoTime() - t0) / 1e6);
    }

    private void runPhase(Phase phase, Dispatcher dispatcher) throws InterruptedException {
        long t0 = System.nanoTime();
        List<StepDefinition> toRun = new ArrayList<>();
        int cached = 0;
        int skipped = 0;
        for (StepDefinition step : phase.steps()) {
            String key = prepared.key(step.name());
            if (prepared.results().isValid(step.name(), key)) {
                statuses.put(step.name(), cachedStatus(step, phase.index(), key));
                cached++;
            } else if (skipIfUpstreamFailed(step, phase.index(), key)) {
                skipped++;
            } else {
                toRun.add(step);
            }
        }
        listener.phaseStarted(phase, toRun.size(), cached, skipped);
        for (StepDefinition step : toRun) {
            statuses.put(step.name(), running(statuses.get(step.name())));
            dispatcher.submit(new StepOrder(step.name(), 1));
        }
        int waiting = toRun.size();
        while (waiting > 0) {
            StepReport report = dispatcher.poll(1, TimeUnit.SECONDS);
            if (report != null) {
                record(report);
                waiting--;
            }
        }
        listener.phaseFinished(phase, (System.nanoTime() - t0) / 1e6);
    }

    /**
     * A dynamic pipeline grows after a phase: the expansions of generators that are now done are applied,
     * their steps (in later phases) join the run as pending, and the schema records them.
     */
    private boolean expandDynamicSteps() {
        if (!prepared.pipeline().isDynamic()
                || !prepared.expand(s -> statuses.get(s).isDone(), s -> statuses.get(s).status() != StepStatus.UNFINISHED)) {
            return false;
        }
        for (Phase phase : prepared.pipeline().plan()) {
            for (StepDefinition s : phase.steps()) {
                statuses.putIfAbsent(s.name(), StepStatus.pending(s.name(), phase.index(), prepared.key(s.name())));
            }
        }
        SchemaFile.write(prepared.layout().schemaFile(), prepared.schema());
        return true;
    }

    private void record(StepReport report) {
        StepStatus status = report.status();
        if (!statuses.containsKey(status.step())) {
            throw new BackendException("a worker reported unknown step '" + status.step() + "'");
        }
        if (report.result() != null) {
            storeCarriedResult(report);
        }
        statuses.put(status.step(), status);
        listener.stepFinished(status);
    }

    /** Results carried over the backend (no shared storage): the coordinator writes them. */
    private void storeCarriedResult(StepReport report) {
        StepStatus s = report.status();
        try {
            long size = prepared.results().write(s.step(), s.key(), report.result());
            StepStatus written = new StepStatus(s.step(), s.phase(), s.status(), s.state(), s.key(), s.run(),
                    s.started(), s.ended(), s.durationMs(), s.worker(), s.host(), s.attempt(), null, null, null,
                    null, null, size);
            StatusFiles.write(prepared.layout().statusFile(s.step()), written);
        } catch (IOException e) {
            throw new PhasorException("cannot store the result of step '" + s.step() + "': " + e, e);
        }
    }

    private StepStatus cachedStatus(StepDefinition step, int phase, String key) {
        StepStatus stored = StatusFiles.read(prepared.layout().statusFile(step.name()));
        if (stored == null || !stored.isDone() || !key.equals(stored.key())) {
            // A valid result without a matching status: the run that wrote it stopped before its status.
            stored = new StepStatus(step.name(), phase, StepStatus.DONE, "done", key, "cached", null, null, 0,
                    "recovered", null, 0, null, null, null, null, null, 0);
            writeStatus(stored);
        }
        return stored.asCached();
    }

    private boolean skipIfUpstreamFailed(StepDefinition step, int phase, String key) {
        for (String up : step.requiredUpstream()) { // afterFinished steps only order this one
            StepStatus u = statuses.get(up);
            if (u.isDone()) {
                continue;
            }
            String blamed = u.status() == StepStatus.SKIPPED ? u.blamedStep() : up;
            String reason = up.equals(blamed) ? "upstream step '" + up + "' failed"
                    : "upstream step '" + up + "' was skipped because '" + blamed + "' failed";
            StepStatus skipped = StepStatus.skipped(step.name(), phase, key, reason, blamed);
            try {
                prepared.results().delete(step.name());
            } catch (IOException e) {
                throw new PhasorException("cannot remove the stale result of skipped step '" + step.name() + "': " + e, e);
            }
            writeStatus(skipped);
            statuses.put(step.name(), skipped);
            listener.stepSkipped(skipped);
            return true;
        }
        return false;
    }

    private static StepStatus running(StepStatus pending) {
        return new StepStatus(pending.step(), pending.phase(), StepStatus.UNFINISHED, "running", pending.key(), null,
                null, null, 0, null, null, 1, null, null, null, null, null, 0);
    }

    private void writeStatus(StepStatus status) {
        try {
            StatusFiles.write(prepared.layout().statusFile(status.step()), status);
        } catch (IOException e) {
            throw new PhasorException("cannot write the status of step '" + status.step() + "': " + e, e);
        }
    }

    private void writeSummary() {
        try {
            RunReport report = new RunReport(prepared, statuses, 0);
            StatusFiles.writeAtomically(prepared.layout().summaryFile(),
                    report.summary().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            System.err.println("phasor: cannot write " + prepared.layout().summaryFile() + ": " + e);
        }
    }

    /** Aborts the dispatcher, keeping the original failure as the one the user sees; returns true. */
    private static boolean abortQuietly(Dispatcher dispatcher, String reason, int exitCode) {
        try {
            dispatcher.abort(reason, exitCode);
        } catch (RuntimeException e) {
            // the original failure is what the user needs to see
        }
        return true;
    }
}
