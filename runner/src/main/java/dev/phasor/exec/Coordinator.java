package dev.phasor.exec;

import dev.phasor.api.BackendException;
import dev.phasor.api.PhasorException;
import dev.phasor.api.RunInterruptedException;
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
import dev.phasor.internal.NameMap;
import dev.phasor.plan.Phase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a prepared pipeline from the coordinator process.
 *
 * <p>Order of a run: the backend readies its workers (they must agree on the plan fingerprint); the
 * cache directory is locked; the schema is written, or checked against the stored one (a conflict
 * aborts every worker with the same message and writes nothing), or with {@link RunOptions#update()}
 * rewritten for the new definition (removed steps' files moved aside); temporary files left by a crash
 * are removed. Then every step gets an outcome: a step whose result is valid for its key is reused
 * ({@code cached}) unless {@code --rerun} forces it; a step held back by {@code --until} or
 * {@code --restart-failed} is left pending; a step with a failed or skipped upstream step is skipped
 * (status 2, naming the failed step); every other step is dispatched once its upstream steps are done.
 * By default phases are barriers: a phase's steps are decided and dispatched only when every step of the
 * previous phases has an outcome. With {@link RunOptions#eager()} a step is dispatched as soon as its own
 * upstream steps are done. Finally the summary is written and the lock released, whatever happened.
 *
 * <p>Listener events per phase, in both modes: {@code phaseStarted} before any step event of the phase
 * (when its first step is decided), {@code phaseFinished} when its last step has an outcome. With phase
 * barriers phases follow each other; eagerly they overlap and may finish out of order.
 *
 * <p>A dynamic pipeline grows while it runs: when a generator settles, the expansions of the generators
 * that are done are applied ({@link PreparedPipeline#expand}); the generated steps join later phases as
 * pending, the scheduler takes them in like any other step, and the schema records them.
 *
 * <p>When you change this class: every path out of {@link #run} must release the lock, and every
 * path after {@code backend.start} must either {@code finish} or {@code abort} the dispatcher (MPJ ranks
 * otherwise wait forever).
 */
public final class Coordinator {

    private final PreparedPipeline prepared;
    private final PipelineSource source;
    private final RunListener listener;
    private final RunOptions options;
    /**
     * Latest status of every step, in plan order; pending until decided. A step's index here is its plan
     * index, which the per-step arrays below are indexed by (no map per step: a run keeps these to its end).
     */
    private final NameMap<StepStatus> statuses;
    private final List<StepDefinition> planOrder = new ArrayList<>();
    /** Steps of each phase still without an outcome. */
    private int[] unsettled;
    private long[] phaseStartNanos;
    private boolean[] phaseOpened;
    /** Upstream steps of each step (by plan index) still without an outcome. */
    private int[] waitingOn;
    private final Set<String> running = new HashSet<>();
    /** Steps (by plan index) with an outcome (done, failed, skipped or held): what a generated step's upstream count needs. */
    private boolean[] settled;
    /** Generator steps of a dynamic pipeline: when one settles, the pipeline may grow. */
    private final Set<String> generators = new HashSet<>();
    /** An expansion that could not be applied: no new step starts, the running ones finish, the run aborts. */
    private RuntimeException expansionFailure;
    /**
     * Steps that may be decided now (all upstream settled, or statically cached), by phase; only phases
     * with such steps are keys, so a report costs no scan of the whole plan.
     */
    private final TreeMap<Integer, List<StepDefinition>> ready = new TreeMap<>();
    private Map<String, List<String>> downstream;
    private Set<String> cached;
    private StepSelection selection;
    private boolean aborted;
    /** Set from another thread (a signal handler) to stop the run: see {@link #requestAbort}. */
    private volatile String abortRequest;
    private List<String> removedSteps = List.of();

    public Coordinator(PreparedPipeline prepared, PipelineSource source, RunListener listener) {
        this(prepared, source, listener, RunOptions.defaults());
    }

    public Coordinator(PreparedPipeline prepared, PipelineSource source, RunListener listener, RunOptions options) {
        this.prepared = prepared;
        this.source = source;
        this.listener = listener;
        this.options = options;
        List<Phase> phases = prepared.pipeline().plan().phases();
        int steps = prepared.pipeline().plan().stepCount();
        this.statuses = new NameMap<>(steps);
        this.waitingOn = new int[steps];
        this.settled = new boolean[steps];
        this.unsettled = new int[phases.size()];
        this.phaseStartNanos = new long[phases.size()];
        this.phaseOpened = new boolean[phases.size()];
        this.generators.addAll(prepared.pipeline().generators());
        for (Phase phase : phases) {
            unsettled[phase.index()] = phase.steps().size();
            for (StepDefinition s : phase.steps()) {
                statuses.put(s.name(), StepStatus.pending(s.name(), phase.index(), prepared.key(s.name())));
                planOrder.add(s);
            }
        }
    }

    /**
     * Asks the run to stop (Ctrl-C); safe from any thread. Within about a second the run stops dispatching,
     * aborts the backend (its workers stop), writes the summary and tells the listeners (run manifest and
     * report, outcome {@code aborted}), releases the lock and throws {@link RunInterruptedException} with
     * {@code reason}. Results already written stay valid: the same command resumes the run.
     */
    public void requestAbort(String reason) {
        abortRequest = reason;
    }

    private void stopIfAbortRequested() {
        String reason = abortRequest;
        if (reason != null) {
            throw new RunInterruptedException(reason);
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
        try {
            if (!options.update()) {
                SchemaFile.verify(layout, prepared.schema()); // a conflict must not touch any file, the lock included
            }
            selection = StepSelection.of(prepared.pipeline(), options, layout);
            runLocked(dispatcher, layout, t0);
            dispatcher.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortOnce(dispatcher, "the run was interrupted", ExitCodes.BACKEND);
            throw new BackendException("run interrupted; finished results are kept", e);
        } catch (RuntimeException e) {
            abortOnce(dispatcher, e.getMessage(), ExitCodes.of(e));
            throw e;
        }
        return new RunReport(prepared, statuses, (System.nanoTime() - t0) / 1e6, removedSteps);
    }

    /** Under the cache lock: claims the schema, runs the steps, then writes the summary whatever happened. */
    private void runLocked(Dispatcher dispatcher, CacheLayout layout, long t0) throws InterruptedException {
        try (CacheLock lock = CacheLock.acquire(layout)) {
            if (options.update()) {
                removedSteps = SchemaFile.update(layout, prepared.schema());
            } else {
                SchemaFile.verifyOrWrite(layout, prepared.schema());
            }
            try {
                layout.removeTemporaryFiles();
                listener.runStarted(prepared, dispatcher.parallelism());
                runSteps(dispatcher);
            } catch (InterruptedException e) {
                // Stop the workers while the lock is still held: none may write after it is released.
                abortOnce(dispatcher, "the run was interrupted", ExitCodes.BACKEND);
                throw e;
            } catch (RuntimeException e) {
                abortOnce(dispatcher, e.getMessage(), ExitCodes.of(e));
                throw e;
            } finally {
                writeSummary(); // only once the schema is ours: a conflict writes nothing
                listener.runFinished(new RunReport(prepared, statuses, (System.nanoTime() - t0) / 1e6));
            }
        }
    }

    /** Gives every step an outcome: decides ready steps, dispatches them, records reports. */
    private void runSteps(Dispatcher dispatcher) throws InterruptedException {
        downstream = StepSelection.downstream(prepared.pipeline());
        cached = new HashSet<>();
        // one listing instead of a lookup per step: under the lock, no result appears but this run's
        Set<String> withResults = prepared.layout().stepsWithResultFiles();
        Set<String> withLogs = prepared.layout().stepsWithLogFiles();
        if (withLogs.isEmpty()) {
            dispatcher.cacheListed(withResults);
        } else {
            Set<String> withOldFiles = new HashSet<>(withResults);
            withOldFiles.addAll(withLogs);
            dispatcher.cacheListed(withOldFiles);
        }
        for (StepDefinition s : planOrder) {
            enter(s, withResults.contains(s.name()));
        }
        // highest phase whose steps may be decided now; eagerly, every phase (and every phase a dynamic
        // pipeline adds: a barrier past the last phase lets them in)
        int barrier = options.eager() ? Integer.MAX_VALUE : 0;
        while (expansionFailure == null) {
            stopIfAbortRequested();
            decideReady(dispatcher, barrier);
            while (barrier < unsettled.length - 1 && unsettled[barrier] == 0) {
                barrier++;
                decideReady(dispatcher, barrier);
            }
            if (running.isEmpty()) {
                break;
            }
            recordNext(dispatcher);
        }
        if (expansionFailure != null) {
            // nothing lost: the steps still running finish and keep their results before the run aborts
            while (!running.isEmpty()) {
                recordNext(dispatcher);
            }
            throw expansionFailure;
        }
        for (int ph = 0; ph < unsettled.length; ph++) {
            if (unsettled[ph] != 0) {
                throw new IllegalStateException("phase " + ph + " still has " + unsettled[ph] + " steps without an outcome");
            }
        }
    }

    /**
     * Takes a step into the scheduler: reused if its result is valid for its key (a lookup only when the
     * result file {@code mayHaveResult}) and not forced, and ready once its upstream steps have settled (a
     * cached step at once: reuse does not depend on anything this run does).
     */
    private void enter(StepDefinition s, boolean mayHaveResult) {
        if (mayHaveResult && !selection.isForced(s.name())
                && prepared.results().isValid(s.name(), prepared.key(s.name()))) {
            cached.add(s.name());
        }
        int left = 0;
        for (String up : s.upstream()) {
            if (!settled[statuses.indexOf(up)]) {
                left++;
            }
        }
        waitingOn[statuses.indexOf(s.name())] = left;
        if (left == 0 || cached.contains(s.name())) {
            markReady(s);
        }
    }

    /** Records the next report, if one arrives within a second. */
    private void recordNext(Dispatcher dispatcher) throws InterruptedException {
        StepReport report = dispatcher.poll(1, TimeUnit.SECONDS);
        if (report != null) {
            record(report);
        }
    }

    /** Decides every ready step of a phase up to {@code barrier}, phase by phase, opening phases as needed. */
    private void decideReady(Dispatcher dispatcher, int barrier) {
        while (!ready.isEmpty() && ready.firstKey() <= barrier) {
            Map.Entry<Integer, List<StepDefinition>> first = ready.pollFirstEntry();
            List<StepDefinition> batch = first.getValue();
            batch.sort(Comparator.comparingInt(s -> statuses.indexOf(s.name()))); // declaration order within a phase
            decidePhaseBatch(dispatcher, first.getKey(), batch); // may make steps of later phases ready
        }
    }

    private void markReady(StepDefinition step) {
        ready.computeIfAbsent(phaseOf(step), k -> new ArrayList<>()).add(step);
    }

    private void decidePhaseBatch(Dispatcher dispatcher, int ph, List<StepDefinition> steps) {
        List<StepStatus> decided = new ArrayList<>();
        List<StepDefinition> toRun = new ArrayList<>();
        int nCached = 0;
        int nSkipped = 0;
        int nHeld = 0;
        for (StepDefinition step : steps) {
            StepStatus outcome = decide(step, ph);
            if (outcome == null) {
                toRun.add(step);
                continue;
            }
            decided.add(outcome);
            if (outcome.status() == StepStatus.SKIPPED) {
                nSkipped++;
            } else if (outcome.isUnfinished()) {
                nHeld++;
            } else {
                nCached++;
            }
        }
        if (!phaseOpened[ph]) {
            phaseOpened[ph] = true;
            phaseStartNanos[ph] = System.nanoTime();
            Phase phase = prepared.pipeline().plan().phases().get(ph);
            listener.phaseStarted(phase, phase.steps().size() - nCached - nSkipped - nHeld, nCached, nSkipped);
        }
        for (StepStatus outcome : decided) {
            if (outcome.status() == StepStatus.SKIPPED) {
                listener.stepSkipped(outcome);
            } else if (outcome.isUnfinished()) {
                listener.stepHeld(outcome);
            }
            settle(outcome);
        }
        for (StepDefinition step : toRun) {
            statuses.put(step.name(), statuses.get(step.name()).asRunning());
            running.add(step.name());
            dispatcher.submit(new StepOrder(step.name(), 1));
        }
    }

    /** The outcome of a ready step decided without running it, or null if it must run. Writes its status. */
    private StepStatus decide(StepDefinition step, int phase) {
        String key = prepared.key(step.name());
        if (cached.contains(step.name())) {
            return cachedStatus(step, phase, key);
        }
        String held = selection.heldReason(step.name());
        if (held == null) {
            StepStatus skipped = skipIfUpstreamFailed(step, phase, key);
            if (skipped != null) {
                return skipped;
            }
            held = upstreamPending(step);
        }
        if (held == null && !selection.isForced(step.name())) {
            held = selection.notRestartedReason(step.name());
        }
        if (held == null) {
            return null;
        }
        StepStatus status = StepStatus.held(step.name(), phase, key, held);
        writeStatus(status);
        return status;
    }

    private String upstreamPending(StepDefinition step) {
        for (String up : step.upstream()) {
            if (statuses.get(up).isUnfinished()) {
                return "not run: upstream step '" + up + "' is pending";
            }
        }
        return null;
    }

    /** Records an outcome and makes the steps waiting only on it ready. */
    private void settle(StepStatus status) {
        int index = statuses.indexOf(status.step());
        statuses.setValueAt(index, status);
        settled[index] = true;
        StepDefinition step = planOrder.get(index);
        int ph = phaseOf(step);
        if (--unsettled[ph] == 0) {
            listener.phaseFinished(prepared.pipeline().plan().phases().get(ph),
                    (System.nanoTime() - phaseStartNanos[ph]) / 1e6);
        }
        for (String d : downstream.getOrDefault(status.step(), List.of())) {
            int di = statuses.indexOf(d);
            int left = --waitingOn[di];
            if (left == 0 && !cached.contains(d)) {
                markReady(planOrder.get(di));
            }
        }
        if (generators.contains(status.step()) && expansionFailure == null) {
            try {
                growIfExpanded();
            } catch (RuntimeException e) { // e.g. a generated step named like a defined one
                expansionFailure = e;
            }
        }
    }

    private int phaseOf(StepDefinition step) {
        return statuses.get(step.name()).phase();
    }

    /**
     * A dynamic pipeline grows when a generator settles: the expansions of the generators that are done are
     * applied, their steps (in later phases) join the run as pending and enter the scheduler like the
     * static ones (ready once their upstream steps settled, reused when cached), and the schema records them.
     */
    private void growIfExpanded() {
        if (!prepared.expand(s -> statuses.containsKey(s) && statuses.get(s).isDone(),
                s -> statuses.containsKey(s) && statuses.get(s).status() != StepStatus.UNFINISHED)) {
            return;
        }
        List<Phase> phases = prepared.pipeline().plan().phases();
        if (phases.size() > unsettled.length) {
            unsettled = java.util.Arrays.copyOf(unsettled, phases.size());
            phaseStartNanos = java.util.Arrays.copyOf(phaseStartNanos, phases.size());
            phaseOpened = java.util.Arrays.copyOf(phaseOpened, phases.size());
        }
        List<StepDefinition> added = new ArrayList<>();
        for (Phase phase : phases) {
            for (StepDefinition s : phase.steps()) {
                if (!statuses.containsKey(s.name())) {
                    statuses.put(s.name(), StepStatus.pending(s.name(), phase.index(), prepared.key(s.name())));
                    planOrder.add(s);
                    unsettled[phase.index()]++;
                    added.add(s);
                }
            }
        }
        if (planOrder.size() > waitingOn.length) {
            waitingOn = java.util.Arrays.copyOf(waitingOn, planOrder.size());
            settled = java.util.Arrays.copyOf(settled, planOrder.size());
        }
        downstream = StepSelection.downstream(prepared.pipeline());
        selection.addGenerated(added, options, prepared.layout());
        for (StepDefinition s : added) {
            enter(s, true);
        }
        SchemaFile.write(prepared.layout().schemaFile(), prepared.schema());
    }

    private void record(StepReport report) {
        StepStatus status = report.status();
        if (!statuses.containsKey(status.step())) {
            throw new BackendException("a worker reported unknown step '" + status.step() + "'");
        }
        if (!running.remove(status.step())) {
            throw new BackendException("a worker reported step '" + status.step() + "', which is not running");
        }
        if (report.result() != null) {
            status = storeCarriedResult(report);
        }
        listener.stepFinished(status);
        settle(status);
    }

    /** Results carried over the backend (no shared storage): the coordinator writes them. */
    private StepStatus storeCarriedResult(StepReport report) {
        StepStatus s = report.status();
        try {
            long size = prepared.results().write(s.step(), s.key(), report.result());
            StepStatus written = new StepStatus(s.step(), s.phase(), s.status(), s.state(), s.key(), s.run(),
                    s.started(), s.ended(), s.durationMs(), s.worker(), s.host(), s.attempt(), null, null, null,
                    null, null, size, s.attempts());
            StatusFiles.write(prepared.layout().statusFile(s.step()), written);
            return written;
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

    /** A skipped status (written) if an upstream step failed or was skipped, else null. */
    private StepStatus skipIfUpstreamFailed(StepDefinition step, int phase, String key) {
        for (String up : step.requiredUpstream()) { // afterFinished steps only order this one
            StepStatus u = statuses.get(up);
            if (u.isDone() || u.isUnfinished()) {
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
            return skipped;
        }
        return null;
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
            RunReport report = new RunReport(prepared, statuses, 0, removedSteps);
            report.writeSummaryFile(prepared.layout().summaryFile());
        } catch (IOException | RuntimeException e) {
            System.err.println("phasor: cannot write " + prepared.layout().summaryFile() + ": " + e);
        }
    }

    /** Aborts the dispatcher, keeping the original failure as the one the user sees; returns true. */
    /** Aborts the backend, once: a failure is caught again on its way out of the lock. */
    private void abortOnce(Dispatcher dispatcher, String reason, int exitCode) {
        if (aborted) {
            return;
        }
        aborted = true;
        try {
            dispatcher.abort(reason, exitCode);
        } catch (RuntimeException e) {
            // the original failure is what the user needs to see
        }
    }
}
