package dev.phasor.exec;

import dev.phasor.api.PhasorException;
import dev.phasor.api.StepBody;
import dev.phasor.api.StepContext;
import dev.phasor.api.StepDefinition;
import dev.phasor.api.StepPolicy;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheMode;
import dev.phasor.cache.OutputFolders;
import dev.phasor.cache.ResultStore;
import dev.phasor.cache.StepRecords;
import dev.phasor.cache.StepStatus;
import dev.phasor.internal.HostName;
import dev.phasor.internal.IsoInstant;
import dev.phasor.internal.Warnings;
import dev.phasor.transport.Followers;
import dev.phasor.transport.Order;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Runs one step where it is called (any worker: a local thread, an MPJ rank, a Hazelcast member):
 * reads its inputs from the cache, runs its body with its output captured, writes its result and its
 * status, and reports. A step's failure is data (status 1 with the error), never an exception.
 *
 * <p>An order is one attempt. Its timeout ({@link StepPolicy}) is applied here: an attempt past it is stopped
 * and counts as a failure. Retries are the engine's (it orders attempt 2 after the backoff, on any worker);
 * a failed attempt with retries left notes the next one in the step's log, and attempt 2 and later append
 * to that log instead of starting it afresh, so the log reads as the history of the step.
 * Thread-safe: one executor serves all threads of a worker.
 */
public final class StepExecutor {

    private static final String HOST = HostName.orElse("unknown-host");
    /** How long a timed-out step's thread is waited for after its interrupt before it is abandoned. */
    static final long TIMEOUT_GRACE_MS = 2_000;
    private final PreparedPipeline prepared;
    private final StepRecords records;

    StepExecutor(PreparedPipeline prepared) {
        this.prepared = prepared;
        this.records = new StepRecords(prepared.results());
    }

    /** Which orders of a message run, for a worker that runs the message's orders one after the other. */
    public Followers followers() {
        return new Followers(this::requiredUpstream);
    }

    /** A message cut into chains, for a worker that runs orders side by side ({@link Followers#chains}). */
    public List<List<Order>> chains(List<Order> message) {
        return Followers.chains(message, this::requiredUpstream);
    }

    private List<String> requiredUpstream(String step) {
        return prepared.step(step).requiredUpstream();
    }

    /**
     * Runs the ordered step and writes its result and status to the cache.
     *
     * @param worker where it runs, as shown in the status and summary ({@code local:thread-1}, {@code mpj:rank-2})
     */
    public StepReport execute(Order order, String worker) {
        return execute(order, worker, true);
    }

    /**
     * Runs the ordered step; with {@code writeResult} false the result bytes travel back in the report
     * instead of being written here (for workers without shared storage), and no file is written.
     */
    public StepReport execute(Order order, String worker, boolean writeResult) {
        return execute(order, worker, writeResult, true);
    }

    /**
     * As {@link #execute(Order, String, boolean)}; with {@code mayHaveOldFiles} false the caller knows the
     * step has neither a result, a log nor an output folder from before (it listed the cache under this run's
     * lock and the step has not run since), so they are not looked up on its first attempt: four lookups of
     * absent names per step, each queued on the directory behind the files other steps are creating.
     */
    public StepReport execute(Order order, String worker, boolean writeResult, boolean mayHaveOldFiles) {
        return execute(order, worker, writeResult, mayHaveOldFiles, writeResult ? ALWAYS : null);
    }

    /**
     * Whether a worker's attempt is still the step's current one: asked right before its result is renamed into
     * place, given the step, the attempt and when it started.
     */
    @FunctionalInterface
    public interface ResultGate {
        BooleanSupplier forAttempt(String step, int attempt, Instant started);
    }

    private static final ResultGate ALWAYS = (step, attempt, started) -> () -> true;

    /**
     * Runs the ordered step for a worker with shared storage whose attempt may be overtaken (frozen, cut off,
     * dispatched again elsewhere): the result is written here, chunk by chunk as everywhere else, but renamed
     * into place only while {@code gate} says the attempt is current; the status is left to the caller
     * ({@link dev.phasor.cache.StepRecords#attempt}, with the same gate). A result written here is never held
     * as its encoded bytes too, which a report carrying them would be.
     */
    public StepReport execute(Order order, String worker, ResultGate gate) {
        return execute(order, worker, false, true, gate);
    }

    /**
     * The one body of the forms above: {@code writeResult} says whether this executor keeps the step's files
     * itself (removes the old ones, writes the status); {@code gate}, whether the result is written here (and
     * while what holds) or, null, travels in the report.
     */
    private StepReport execute(Order order, String worker, boolean writeResult, boolean mayHaveOldFiles,
            ResultGate gate) {
        StepDefinition step = prepared.step(order.step()); // a generated step may need its expansion re-applied
        String key = prepared.key(step.name());
        CacheLayout layout = prepared.results().layout();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        byte[] payload = null;
        long size = 0;
        Throwable failure = null;
        int attempt = order.attempt();
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(prepared.loader());
        OutputFolders folders = new OutputFolders(layout);
        try {
            if (mayHaveOldFiles || attempt > 1) { // a failed attempt leaves files
                removeOldFiles(step.name(), writeResult, attempt == 1, folders);
            }
            Outcome outcome = attemptOnce(step, key, layout, attempt,
                    gate == null ? null : gate.forAttempt(step.name(), attempt, started));
            failure = outcome.failure();
            payload = outcome.payload();
            size = outcome.size();
            if (failure != null && !stoppedFromOutside(failure)) {
                noteRetry(layout, step, order, failure);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            thread.setContextClassLoader(previousLoader);
        }
        if (mayHaveOldFiles) { // else no folder was set aside: the run began with none to set aside
            failure = settleFolder(folders, step.name(), failure);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        StepStatus status = failure == null
                ? done(step, key, started, ms, worker, attempt, size)
                : failed(step, key, started, ms, worker, attempt, failure);
        // a step stopped by an abort (Ctrl-C) keeps no status: it reads as unfinished, not failed, and runs again
        if (writeResult && !(failure != null && stoppedFromOutside(failure))) {
            writeStatus(status);
        }
        return new StepReport(status, payload);
    }

    /**
     * What an earlier run or attempt left of the step: its status and result (when written here), its output
     * folder's files and, before its first attempt, its log (a later attempt appends to it).
     */
    private void removeOldFiles(String step, boolean writeResult, boolean firstAttempt, OutputFolders folders)
            throws IOException {
        if (writeResult) {
            records.forget(step);
        }
        if (firstAttempt) {
            ResultStore.deleteIfPresent(prepared.results().logFile(step)); // an earlier run's log is not this run's
        }
        folders.beforeAttempt(step, firstAttempt);
    }

    /** Drops a done step's output folder aside (if any); failing to do so fails the step. */
    private static Throwable settleFolder(OutputFolders folders, String step, Throwable failure) {
        if (failure != null) {
            return failure;
        }
        try {
            folders.afterDone(step);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** One attempt's end: the encoded result (null once written here) and its size on disk, or the failure. */
    private record Outcome(byte[] payload, long size, Throwable failure) {
    }

    /**
     * Runs one attempt of {@code step} (under its timeout, if any) and writes its result while {@code
     * stillCurrent} holds (its size then -1 if it did not), or, without one, encodes it to travel in the report.
     */
    private Outcome attemptOnce(StepDefinition step, String key, CacheLayout layout, int attempt,
            BooleanSupplier stillCurrent) {
        StepPolicy policy = step.policy();
        try {
            List<Object> inputs = readInputs(step);
            Object value = policy.hasTimeout()
                    ? invokeWithTimeout(step, inputs, layout, attempt, policy.timeout())
                    : invoke(step, inputs, layout, attempt);
            if (stillCurrent != null) {
                return new Outcome(null, records.value(step.name(), key, value, stillCurrent), null);
            }
            return new Outcome(prepared.results().encode(value), 0, null);
        } catch (Throwable t) { // NOPMD: any throwable from user code is the step's failure
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            return new Outcome(null, 0, t);
        }
    }

    /**
     * Records that the ordered step failed with {@code t} outside {@link #execute} (for instance an
     * {@link Error} that {@code execute} let through), so that a backend can still report it: writes the
     * failed status (best effort) and returns the report. Never throws for an I/O problem.
     */
    public StepReport failure(Order order, String worker, Throwable t) {
        Instant now = Instant.now();
        if (!prepared.pipeline().hasStep(order.step())) { // a generated step this JVM cannot expand: report only
            StepStatus.Run run = new StepStatus.Run(now.toString(), now.toString(), 0, worker, HOST, order.attempt(), null);
            return new StepReport(StepStatus.failed(order.step(), -1, null, run, t.getClass().getName(),
                    String.valueOf(t.getMessage()), stackTrace(t)), null);
        }
        StepDefinition step = prepared.step(order.step());
        StepStatus status = failed(step, prepared.key(step.name()), now, 0, worker, order.attempt(), t);
        writeStatus(status);
        return new StepReport(status, null);
    }

    private List<Object> readInputs(StepDefinition step) throws StepInputException {
        List<Object> inputs = new ArrayList<>(step.inputs().size());
        for (String up : step.inputs()) {
            try {
                inputs.add(prepared.results().read(up, prepared.key(up)));
            } catch (IOException e) {
                throw new StepInputException("cannot read the result of input step '" + up + "': " + e.getMessage(), e);
            }
        }
        return inputs;
    }

    private Object invoke(StepDefinition step, List<Object> inputs, CacheLayout layout, int attempt) throws Exception {
        ResultStore results = prepared.results();
        CacheMode mode = layout.mode();
        try (OutputCapture.LazyFile log = OutputCapture.begin(results.logFile(step.name()), mode);
                AutoCloseable context = StepContext.enter(step.name(), results.dir(), attempt,
                        mode::createDirectories)) {
            if (step.body() instanceof StepBody.JavaFunction fn) {
                return fn.invoke(step.params(), inputs);
            }
            return ShellStep.run(step, inputs, results.dir(), mode, log);
        }
    }

    /**
     * Runs the body on a thread of its own and stops it after {@code limit}: the thread is interrupted (a
     * shell step then kills its whole process tree), waited for {@link #TIMEOUT_GRACE_MS}, and abandoned
     * if it is still running. Either way the attempt fails with a {@link StepTimeoutException}.
     */
    private Object invokeWithTimeout(StepDefinition step, List<Object> inputs, CacheLayout layout, int attempt,
            Duration limit) throws Exception {
        ClassLoader loader = prepared.loader();
        FutureTask<Object> task = new FutureTask<>(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            return invoke(step, inputs, layout, attempt);
        });
        Thread body = new Thread(task, "phasor-step-" + step.name());
        body.setDaemon(true); // an abandoned step must not keep the worker's JVM alive
        body.start();
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            body.join(TIMEOUT_GRACE_MS);
            throw new StepTimeoutException(step, limit, !body.isAlive());
        } catch (InterruptedException e) {
            // the worker is stopping the run: stop the body too, and give it the same grace
            task.cancel(true);
            body.join(TIMEOUT_GRACE_MS);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** An interrupt that is not our own timeout means the run is being stopped: no retry then. */
    private static boolean stoppedFromOutside(Throwable failure) {
        return failure instanceof InterruptedException
                || failure instanceof java.nio.channels.ClosedByInterruptException;
    }

    /**
     * Appends a line to the step's log between two attempts, so the log reads as the history of the step: the
     * attempt that failed and the retry that follows (attempts lost with their worker use no retry); nothing
     * once the retries are used.
     */
    private static void noteRetry(CacheLayout layout, StepDefinition step, Order order, Throwable failure) {
        int retry = order.failedBefore() + 1;
        int retries = step.policy().maxRetries();
        if (retry > retries) {
            return;
        }
        Duration delay = step.policy().delayBefore(retry + 1);
        String line = "[phasor] attempt " + order.attempt() + " failed (" + errorType(failure) + ": "
                + String.valueOf(failure.getMessage()).lines().findFirst().orElse("") + "); retry " + retry + " of "
                + retries + (delay.isZero() ? " now" : " in " + delay.toMillis() + " ms") + "\n";
        try (OutputStream log = layout.mode().appendTo(layout.logFile(step.name()))) {
            log.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            Warnings.warn("cannot write the log of step '" + step.name() + "': " + e);
        }
    }

    private void writeStatus(StepStatus status) {
        try {
            records.status(status);
        } catch (PhasorException e) {
            // The report still reaches the coordinator, which records the outcome in the summary.
            Warnings.warn(e.getMessage());
        }
    }

    private StepStatus done(StepDefinition step, String key, Instant started, double ms, String worker, int attempt,
            long size) {
        StepStatus.Run run = new StepStatus.Run(IsoInstant.format(started), IsoInstant.format(Instant.now()), ms, worker,
                HOST, attempt, null);
        return StepStatus.done(step.name(), phase(step), key, run, size);
    }

    private StepStatus failed(StepDefinition step, String key, Instant started, double ms, String worker, int attempt,
            Throwable t) {
        StepStatus.Run run = new StepStatus.Run(started.toString(), Instant.now().toString(), ms, worker, HOST, attempt,
                null);
        return StepStatus.failed(step.name(), phase(step), key, run, errorType(t), String.valueOf(t.getMessage()),
                stackTrace(t));
    }

    private static String errorType(Throwable t) {
        return t instanceof ShellCommandFailedException ? "ShellCommandFailed"
                : t instanceof StepInputException ? "InputUnavailable"
                : t instanceof StepTimeoutException ? "Timeout" : t.getClass().getName();
    }

    private int phase(StepDefinition step) {
        return prepared.pipeline().plan().phaseOf(step);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }


    /** An input's result could not be read (damaged or missing); fails the step, not the run. */
    static final class StepInputException extends Exception {
        private static final long serialVersionUID = 1L;

        StepInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
