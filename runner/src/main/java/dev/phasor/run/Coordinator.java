package dev.phasor.run;

import dev.phasor.api.BackendException;
import dev.phasor.api.Phase;
import dev.phasor.api.RunAbortedException;
import dev.phasor.api.RunInterruptedException;
import dev.phasor.api.StepDefinition;
import dev.phasor.api.StepPolicy;
import dev.phasor.backend.Backend;
import dev.phasor.backend.RunSession;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheLock;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepRecords;
import dev.phasor.cache.StepStatus;
import dev.phasor.engine.Command;
import dev.phasor.engine.Engine;
import dev.phasor.engine.Order;
import dev.phasor.engine.Outcome;
import dev.phasor.engine.Selection;
import dev.phasor.engine.StepSpec;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import dev.phasor.internal.NameMap;
import dev.phasor.internal.Warnings;
import dev.phasor.transport.Event;
import dev.phasor.transport.Report;
import dev.phasor.transport.Transport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a prepared pipeline from the coordinator process: drives the scheduling {@link Engine} with the
 * backend's reports and carries out its commands (orders to the backend, status files, listener events,
 * expansions). What runs when is the engine's; this class does the I/O.
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
 * barriers phases follow each other; eagerly they overlap and may finish out of order. A phase that
 * generated steps join after it finished (they land right after their upstream steps) starts and finishes
 * again.
 *
 * <p>A dynamic pipeline grows while it runs: when a generator settles, the expansions of the generators
 * that are done are applied ({@link PreparedPipeline#expand}); the generated steps join later phases as
 * pending, the scheduler takes them in like any other step, and the schema records them.
 *
 * <p>When you change this class: every path out of {@link #run} must release the lock, and every
 * path after {@code backend.start} must either {@code finish} or {@code abort} the transport (MPJ ranks
 * otherwise wait forever).
 */
public final class Coordinator {

    /**
     * Whether chains run ahead on their worker ({@link Engine.Settings#ahead()}); {@code -Dphasor.ahead=false}
     * turns it off, for comparing both in {@code phasor bench} (docs/performance.md). Not where results travel
     * over the network: the follower's input is not on its worker yet.
     */
    private static final boolean AHEAD = !"false".equals(System.getProperty("phasor.ahead"));

    private final PreparedPipeline prepared;
    private final PipelineSource source;
    private final RunListener listener;
    private final RunOptions options;
    private final StepRecords records;
    /** Latest status of every step, in plan order; pending until decided. */
    private final NameMap<StepStatus> statuses;
    /** Reports received and handed to the engine, until it settles their step. */
    private final Map<String, StepStatus> reported = new HashMap<>();
    /** The attempts so far of the steps that may be retried, until they settle. */
    private final Map<String, List<StepStatus.Attempt>> attempts = new HashMap<>();
    /** Commands the engine emitted, carried out after each call into it (never re-entering it). */
    private final ArrayDeque<Command> commands = new ArrayDeque<>();
    private Engine engine;
    private Selection selection;
    private Transport transport;
    /** An expansion that could not be applied: no new step starts, the running ones finish, the run aborts. */
    private RuntimeException expansionFailure;
    private boolean aborted;
    private List<String> removedSteps = List.of();
    /** An abort asked for from another thread (a Ctrl-C handler), carried out by the run loop. */
    private volatile RunAbortedException abortRequest;

    public Coordinator(PreparedPipeline prepared, PipelineSource source, RunListener listener) {
        this(prepared, source, listener, RunOptions.defaults());
    }

    public Coordinator(PreparedPipeline prepared, PipelineSource source, RunListener listener, RunOptions options) {
        this.prepared = prepared;
        this.source = source;
        this.listener = listener;
        this.options = options;
        this.records = new StepRecords(prepared.results());
        this.statuses = new NameMap<>(prepared.pipeline().plan().stepCount());
        for (Phase phase : prepared.pipeline().plan().phases()) {
            for (StepDefinition s : phase.steps()) {
                statuses.put(s.name(), StepStatus.pending(s.name(), phase.index(), prepared.key(s.name())));
            }
        }
    }

    /**
     * Asks the run to stop; callable from any thread (e.g. a SIGINT handler). Within a second no new step
     * starts, the backend is aborted with {@code reason} and {@code exitCode}, the summary is written and the
     * lock released; {@link #run} then throws a {@link RunAbortedException} with both. What finished stays
     * readable, and a later run resumes from it.
     */
    public void requestAbort(String reason, int exitCode) {
        abortRequest = new RunAbortedException(reason, exitCode);
    }

    /**
     * Ctrl-C: {@link #requestAbort(String, int)} with exit code 130; {@link #run} then throws a
     * {@link RunInterruptedException}, on which the CLI says how to resume.
     */
    public void requestAbort(String reason) {
        abortRequest = new RunInterruptedException(reason);
    }

    /** Runs every phase on {@code backend}, which must be the coordinator's. */
    public RunReport run(Backend backend) {
        if (!backend.isCoordinator()) {
            throw new IllegalStateException("Coordinator.run called in a worker process");
        }
        long t0 = System.nanoTime();
        CacheLayout layout = prepared.layout();
        layout.create();
        transport = backend.start(new RunSession(prepared, source));
        try {
            if (!options.update()) {
                SchemaFile.verify(layout, prepared.schema()); // a conflict must not touch any file, the lock included
            }
            selection = selection(); // a pattern that matches no step must not touch any file either
            selection.check(prepared.pipeline().steps().stream().map(StepDefinition::name).toList(),
                    prepared.pipeline().name());
            runLocked(layout, t0);
            transport.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortOnce("the run was interrupted", ExitCodes.BACKEND);
            throw new BackendException("run interrupted; finished results are kept", e);
        } catch (RuntimeException e) {
            abortOnce(e.getMessage(), ExitCodes.of(e));
            throw e;
        }
        return new RunReport(prepared, statuses, (System.nanoTime() - t0) / 1e6, removedSteps);
    }

    /** Under the cache lock: claims the schema, runs the steps, then writes the summary whatever happened. */
    private void runLocked(CacheLayout layout, long t0) throws InterruptedException {
        try (CacheLock lock = CacheLock.acquire(layout)) {
            if (options.update()) {
                removedSteps = SchemaFile.update(layout, prepared.schema());
            } else {
                SchemaFile.verifyOrWrite(layout, prepared.schema());
            }
            try {
                layout.removeTemporaryFiles();
                listener.runStarted(prepared, transport.parallelism());
                runSteps();
            } catch (InterruptedException e) {
                // Stop the workers while the lock is still held: none may write after it is released.
                abortOnce("the run was interrupted", ExitCodes.BACKEND);
                throw e;
            } catch (RuntimeException e) {
                abortOnce(e.getMessage(), ExitCodes.of(e));
                throw e;
            } finally {
                writeSummary(); // only once the schema is ours: a conflict writes nothing
                listener.runFinished(new RunReport(prepared, statuses, (System.nanoTime() - t0) / 1e6));
            }
        }
    }

    /** Gives every step an outcome: feeds the engine the backend's reports until it finishes. */
    private void runSteps() throws InterruptedException {
        Set<String> withResults = listCache();
        List<StepSpec> specs = new ArrayList<>(statuses.size());
        for (Phase phase : prepared.pipeline().plan().phases()) {
            for (StepDefinition s : phase.steps()) {
                specs.add(spec(s, phase.index(), withResults.contains(s.name())));
            }
        }
        Engine.Settings settings = Engine.Settings.barrier()
                .withRelease(options.eager() ? Engine.Release.EAGER : Engine.Release.BARRIER)
                .withPlacement(transport.roundRobin() ? Engine.Placement.ROUND_ROBIN : Engine.Placement.LEAST_BUSY,
                        transport.maxBatch())
                .withAhead(!transport.carriesResults() && AHEAD);
        engine = new Engine(specs, settings, selection, System::nanoTime, commands::add);
        startWithKnownWorkers();
        while (!engine.isFinished() || engine.inFlight() > 0) {
            RunAbortedException abort = abortRequest;
            if (abort != null) {
                abortOnce(abort.getMessage(), abort.exitCode());
                throw abort;
            }
            long untilDue = Math.max(0, engine.nextDue() - System.nanoTime()); // a retry waiting for its backoff
            Event event = transport.poll(Math.min(untilDue, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (event != null) {
                handle(event);
            } else {
                engine.tick();
            }
            carryOut();
        }
        if (expansionFailure != null) {
            throw expansionFailure; // the steps that were running finished and kept their results
        }
    }

    /**
     * Lists the cache once instead of looking each step up: under the lock, no result appears but this run's.
     * Tells the transport which steps have old files; returns those with a result.
     */
    private Set<String> listCache() {
        Set<String> withResults = prepared.layout().stepsWithResultFiles();
        Set<String> withLogs = prepared.layout().stepsWithLogFiles();
        Set<String> withFolders = prepared.layout().stepsWithOutputFolders();
        if (withLogs.isEmpty() && withFolders.isEmpty()) {
            transport.cacheListed(withResults);
        } else {
            Set<String> withOldFiles = new HashSet<>(withResults);
            withOldFiles.addAll(withLogs);
            withOldFiles.addAll(withFolders);
            transport.cacheListed(withOldFiles);
        }
        return withResults;
    }

    /**
     * Starts the engine once the workers the transport knows already have joined: round-robin placement then
     * spreads the first phase over all of them, not over the first to join.
     */
    private void startWithKnownWorkers() throws InterruptedException {
        Event early = transport.poll(0, TimeUnit.NANOSECONDS);
        while (early instanceof Event.Joined) {
            handle(early);
            early = transport.poll(0, TimeUnit.NANOSECONDS);
        }
        engine.start(prepared.pipeline().name());
        carryOut();
        if (early != null) {
            handle(early);
            carryOut();
        }
    }

    /** What the engine knows of a step; its cached result is looked up only if it {@code mayHaveResult}. */
    private StepSpec spec(StepDefinition s, int phase, boolean mayHaveResult) {
        boolean valid = mayHaveResult && prepared.results().isValid(s.name(), prepared.key(s.name()));
        StepPolicy policy = s.policy();
        return new StepSpec(s.name(), phase, s.upstream(), s.requiredUpstream(),
                prepared.pipeline().generators().contains(s.name()), valid, policy.maxRetries(),
                policy.delayBefore(2).toNanos());
    }

    /** The run's filters; under --restart-failed, each step's status file says whether it is restarted. */
    private Selection selection() {
        Set<String> reloads = new HashSet<>();
        prepared.pipeline().steps().stream().filter(s -> s.policy().reloads()).forEach(s -> reloads.add(s.name()));
        return new Selection(options.rerun(), options.until(), reloads,
                options.restartFailed() ? this::wasFailedSkippedOrRunning : null);
    }

    private boolean wasFailedSkippedOrRunning(String step) {
        StepStatus st = records.stored(step);
        return st != null && (st.status() == StepStatus.FAILED || st.status() == StepStatus.SKIPPED
                || st.state() == StepStatus.State.RUNNING);
    }

    private void handle(Event event) {
        if (event instanceof Event.Reported r) {
            for (Report report : r.reports()) {
                record(r.worker(), report);
            }
        } else if (event instanceof Event.Joined j) {
            engine.workerJoined(j.worker(), j.slots(), j.prefetch());
        } else if (event instanceof Event.Lost lost) {
            int before = commands.size();
            engine.workerLost(lost.worker());
            long again = commands.stream().skip(before)
                    .filter(c -> c instanceof Command.Requeued || c instanceof Command.Withdrawn).count();
            Warnings.warn(lost.why() + (again == 0 ? "" : "; its " + again + " step(s) run again on the other workers"));
        } else if (event instanceof Event.Broken broken) {
            throw new BackendException(broken.why());
        }
    }

    private void record(String worker, Report report) {
        String step = report.step();
        if (!statuses.containsKey(step)) {
            throw new BackendException("worker " + worker + " reported unknown step '" + step + "'");
        }
        if (statuses.get(step).state() != StepStatus.State.RUNNING) {
            throw new BackendException("worker " + worker + " reported step '" + step + "', which is not running");
        }
        StepStatus status;
        try {
            status = report.inProcess() instanceof StepStatus s ? s : StatusFiles.fromJson(report.status());
        } catch (java.io.IOException e) {
            throw new BackendException("worker " + worker + " sent an unreadable status for step '" + step + "': "
                    + e.getMessage());
        }
        if (report.result() != null) {
            status = records.carried(status, report.result()); // results over the network: written here
        } else if (transport.carriesResults()) {
            records.status(status); // its worker has no shared storage: the failure is recorded here
        }
        reported.put(step, status);
        if (prepared.step(step).policy().maxRetries() > 0) {
            attempts.computeIfAbsent(step, s -> new ArrayList<>()).add(status.asAttempt());
        }
        if (report.succeeded()) {
            engine.stepDone(step, report.durationNanos());
        } else {
            engine.stepFailed(step, report.durationNanos());
        }
    }

    /** Carries out the engine's commands, and those they lead to, in order. */
    private void carryOut() {
        Command c;
        while ((c = commands.poll()) != null) {
            if (c instanceof Command.Place place) {
                if (abortRequest != null) {
                    continue; // nothing new starts once an abort is asked for (a listener may ask in this turn)
                }
                List<dev.phasor.transport.Order> orders = new ArrayList<>(place.orders().size());
                for (Order o : place.orders()) {
                    statuses.put(o.step(), statuses.get(o.step()).asRunning());
                    orders.add(new dev.phasor.transport.Order(o.step(), o.attempt(), o.failedBefore()));
                }
                transport.send(place.worker(), orders);
            } else if (c instanceof Command.Withdrawn withdrawn) {
                StepStatus running = statuses.get(withdrawn.step());
                statuses.put(withdrawn.step(), StepStatus.pending(running.step(), running.phase(), running.key()));
            } else if (c instanceof Command.Settled settled) {
                settle(settled);
            } else if (c instanceof Command.PhaseOpened opened) {
                listener.phaseStarted(phase(opened.phase()), opened.toRun(), opened.cached(), opened.skipped());
            } else if (c instanceof Command.PhaseClosed closed) {
                listener.phaseFinished(phase(closed.phase()), closed.nanos() / 1e6);
            } else if (c instanceof Command.Expand expand) {
                engine.expanded(expand.step(), grow());
            }
        }
    }

    /** A retried step's last status, with every attempt it made recorded in its status file. */
    private StepStatus withHistory(StepStatus last) {
        List<StepStatus.Attempt> history = attempts.remove(last.step());
        if (history == null || history.size() < 2) {
            return last;
        }
        StepStatus status = last.withAttempts(List.copyOf(history));
        records.status(status); // its worker wrote the last attempt alone
        return status;
    }

    private Phase phase(int index) {
        return prepared.pipeline().plan().phases().get(index);
    }

    /** Writes a settled step's status (unless its worker did) and tells the listener. */
    private void settle(Command.Settled settled) {
        String name = settled.step();
        String key = prepared.key(name);
        StepStatus status;
        Outcome outcome = settled.outcome();
        if (outcome instanceof Outcome.Ran || outcome instanceof Outcome.Failed f && f.reason() == null) {
            status = withHistory(reported.remove(name));
            listener.stepFinished(status);
        } else if (outcome instanceof Outcome.Failed lost) { // the engine gave up: its workers were lost
            status = StepStatus.givenUp(name, settled.phase(), key, settled.attempt(), "WorkerLost", lost.reason());
            records.status(status);
            listener.stepFinished(status);
        } else if (outcome instanceof Outcome.Cached) {
            status = records.cached(name, settled.phase(), key);
        } else if (outcome instanceof Outcome.Skipped skipped) {
            status = StepStatus.skipped(name, settled.phase(), key, skipped.reason(), skipped.blamed());
            records.skipped(status);
            listener.stepSkipped(status);
        } else if (outcome instanceof Outcome.Held held) {
            status = StepStatus.held(name, settled.phase(), key, held.reason());
            records.status(status);
            listener.stepHeld(status);
        } else {
            throw new IllegalStateException("unexpected outcome " + outcome + " of step '" + name + "'");
        }
        statuses.put(name, status);
    }

    /**
     * A dynamic pipeline grows when a generator settles: the expansions of the generators that are done are
     * applied, the schema records their steps, and the engine takes them in like the static ones. An
     * expansion that cannot be applied stops the run once the steps running now have finished.
     */
    private List<StepSpec> grow() {
        if (expansionFailure != null) {
            return List.of();
        }
        try {
            if (!prepared.expand(s -> statuses.containsKey(s) && statuses.get(s).isDone(),
                    s -> statuses.containsKey(s) && statuses.get(s).status() != StepStatus.UNFINISHED)) {
                return List.of();
            }
            List<StepSpec> added = new ArrayList<>();
            for (Phase phase : prepared.pipeline().plan().phases()) {
                for (StepDefinition s : phase.steps()) {
                    if (!statuses.containsKey(s.name())) {
                        statuses.put(s.name(), StepStatus.pending(s.name(), phase.index(), prepared.key(s.name())));
                        added.add(spec(s, phase.index(), true));
                    }
                }
            }
            SchemaFile.write(prepared.layout().schemaFile(), prepared.schema(), prepared.layout().mode());
            return added;
        } catch (RuntimeException e) { // e.g. a generated step named like a defined one
            expansionFailure = e;
            engine.abort(e.getMessage());
            return List.of();
        }
    }

    private void writeSummary() {
        try {
            RunReport report = new RunReport(prepared, statuses, 0, removedSteps);
            report.writeSummaryFile(prepared.layout().summaryFile());
        } catch (IOException | RuntimeException e) {
            Warnings.warn("cannot write " + prepared.layout().summaryFile() + ": " + e);
        }
    }

    /** Aborts the backend, once: a failure is caught again on its way out of the lock. */
    private void abortOnce(String reason, int exitCode) {
        if (aborted) {
            return;
        }
        aborted = true;
        if (engine != null) {
            engine.abort(reason);
        }
        try {
            transport.abort(reason, exitCode);
        } catch (RuntimeException e) {
            // the original failure is what the user needs to see
        }
    }
}
