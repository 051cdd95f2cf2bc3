package dev.phasor.cluster.mpj;

import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.StepExecutor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one rank's steps, one at a time, on a thread of its own (never the link's: a long step must
 * not silence the rank). Every order yields exactly one report, also when the executor itself throws
 * (an {@link Error}, a bug): a missing report would make rank 0 wait for ever.
 */
final class StepRunner implements AutoCloseable {

    /** How long an aborted rank waits for its interrupted step: well within the launcher's grace period. */
    private static final long ABORT_WAIT_SECONDS = 5;

    private final ExecutorService thread;
    private final StepExecutor executor;
    private final String worker;
    private final Consumer<StepReport> reports;
    private volatile boolean stopped;

    /**
     * @param worker the worker name written in statuses, {@code mpj:rank-<r>}
     * @param reports where finished steps go (called on the runner's thread)
     */
    StepRunner(StepExecutor executor, String worker, Consumer<StepReport> reports) {
        this.executor = executor;
        this.worker = worker;
        this.reports = reports;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "phasor-" + worker.replace(':', '-') + "-steps");
            t.setDaemon(true); // an aborted rank must not be kept alive by a step that ignores interrupts
            return t;
        });
    }

    /** Queues the orders; they run in this order. */
    void submit(List<StepOrder> orders) {
        for (StepOrder order : orders) {
            thread.execute(() -> {
                if (!stopped) {
                    reports.accept(run(order));
                }
            });
        }
    }

    private StepReport run(StepOrder order) {
        try {
            return executor.execute(order, worker);
        } catch (Throwable t) { // NOPMD: an Error or bug is this step's failure, and must still be reported
            try {
                return executor.failure(order, worker, t);
            } catch (RuntimeException e) { // e.g. a step name this build does not know
                String now = Instant.now().toString();
                return new StepReport(new StepStatus(order.step(), -1, StepStatus.FAILED, "failed", null, "ran", now,
                        now, 0, worker, null, order.attempt(), t.getClass().getName(), String.valueOf(t.getMessage()),
                        null, null, null, 0), null);
            }
        }
    }

    /**
     * The run was aborted: drops the queued orders, interrupts the running step and waits a little for it
     * to end, so that it records its outcome now rather than while the next run may already hold the cache
     * (as the local backend does). A step that ignores interrupts is left behind.
     */
    void stopNow() {
        stopped = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(ABORT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the queued orders finish (there are none at a normal end) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
