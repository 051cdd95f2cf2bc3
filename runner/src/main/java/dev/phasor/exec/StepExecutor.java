package dev.phasor.exec;

import dev.phasor.api.StepBody;
import dev.phasor.api.StepContext;
import dev.phasor.api.StepDefinition;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.ResultStore;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one step where it is called (any worker: a local thread, an MPJ rank, a Hazelcast member):
 * reads its inputs from the cache, runs its body with its output captured, writes its result and its
 * status, and reports. A step's failure is data (status 1 with the error), never an exception.
 * Thread-safe: one executor serves all threads of a worker.
 */
public final class StepExecutor {

    private static final String HOST = hostName();
    private final PreparedPipeline prepared;

    StepExecutor(PreparedPipeline prepared) {
        this.prepared = prepared;
    }

    /**
     * Runs the ordered step and writes its result and status to the cache.
     *
     * @param worker where it runs, as shown in the status and summary ({@code local:thread-1}, {@code mpj:rank-2})
     */
    public StepReport execute(StepOrder order, String worker) {
        return execute(order, worker, true);
    }

    /**
     * Runs the ordered step; with {@code writeResult} false the result bytes travel back in the report
     * instead of being written here (for workers without shared storage), and no file is written.
     */
    public StepReport execute(StepOrder order, String worker, boolean writeResult) {
        StepDefinition step = prepared.pipeline().step(order.step());
        String key = prepared.key(step.name());
        ResultStore results = prepared.results();
        CacheLayout layout = results.layout();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        byte[] payload = null;
        long size = 0;
        Throwable failure = null;
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(prepared.loader());
        try {
            if (writeResult) {
                results.delete(step.name()); // an old value must never pass for this run's result
            }
            List<Object> inputs = readInputs(step);
            Object value = invoke(step, inputs, layout);
            payload = results.encode(value);
            if (writeResult) {
                size = results.write(step.name(), key, payload);
                payload = null;
            }
        } catch (Throwable t) { // NOPMD: any throwable from user code is the step's failure
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            failure = t;
            payload = null;
        } finally {
            thread.setContextClassLoader(previousLoader);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        StepStatus status = failure == null
                ? done(step, key, started, ms, worker, order.attempt(), size)
                : failed(step, key, started, ms, worker, order.attempt(), failure);
        if (writeResult) {
            writeStatus(layout, status);
        }
        return new StepReport(status, payload);
    }

    /**
     * Records that the ordered step failed with {@code t} outside {@link #execute} (for instance an
     * {@link Error} that {@code execute} let through), so that a backend can still report it: writes the
     * failed status (best effort) and returns the report. Never throws for an I/O problem.
     */
    public StepReport failure(StepOrder order, String worker, Throwable t) {
        StepDefinition step = prepared.pipeline().step(order.step());
        Instant now = Instant.now();
        StepStatus status = failed(step, prepared.key(step.name()), now, 0, worker, order.attempt(), t);
        writeStatus(prepared.layout(), status);
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

    private Object invoke(StepDefinition step, List<Object> inputs, CacheLayout layout) throws Exception {
        ResultStore.deleteIfPresent(layout.logFile(step.name())); // a log from an earlier run is not this run's
        try (OutputCapture.LazyFile log = OutputCapture.begin(layout.logFile(step.name()));
                AutoCloseable context = StepContext.enter(step.name(), layout.dir(), 1)) {
            if (step.body() instanceof StepBody.JavaFunction fn) {
                return fn.invoke(step.params(), inputs);
            }
            return ShellStep.run(step, inputs, layout.dir(), log);
        }
    }

    private void writeStatus(CacheLayout layout, StepStatus status) {
        try {
            StatusFiles.write(layout.statusFile(status.step()), status);
        } catch (IOException e) {
            // The report still reaches the coordinator, which records the outcome in the summary.
            System.err.println("phasor: cannot write status of step '" + status.step() + "': " + e);
        }
    }

    private StepStatus done(StepDefinition step, String key, Instant started, double ms, String worker, int attempt,
            long size) {
        return new StepStatus(step.name(), phase(step), StepStatus.DONE, "done", key, "ran", started.toString(),
                Instant.now().toString(), ms, worker, HOST, attempt, null, null, null, null, null, size);
    }

    private StepStatus failed(StepDefinition step, String key, Instant started, double ms, String worker, int attempt,
            Throwable t) {
        String type = t instanceof ShellCommandFailedException ? "ShellCommandFailed"
                : t instanceof StepInputException ? "InputUnavailable" : t.getClass().getName();
        return new StepStatus(step.name(), phase(step), StepStatus.FAILED, "failed", key, "ran", started.toString(),
                Instant.now().toString(), ms, worker, HOST, attempt, type, String.valueOf(t.getMessage()),
                stackTrace(t), null, null, 0);
    }

    private int phase(StepDefinition step) {
        return prepared.pipeline().plan().phaseOf(step);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** An input's result could not be read (damaged or missing); fails the step, not the run. */
    static final class StepInputException extends Exception {
        private static final long serialVersionUID = 1L;

        StepInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
