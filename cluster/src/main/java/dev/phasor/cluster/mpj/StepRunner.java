package dev.phasor.cluster.mpj;

import dev.phasor.cache.StepStatus;
import dev.phasor.exec.StepExecutor;
import dev.phasor.exec.StepReport;
import dev.phasor.transport.Followers;
import dev.phasor.transport.Order;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs one rank's steps, one at a time, on a thread of its own (never the link's: a long step must
 * not silence the rank). Every order yields exactly one report, also when the executor itself throws
 * (an {@link Error}, a bug): a missing report would make rank 0 wait for ever. Orders come in batches (one
 * message each); the sink is told which report ends its batch, so that reports can travel back together.
 */
final class StepRunner implements AutoCloseable {

    /** How long an aborted rank waits for its interrupted step: well within the launcher's grace period. */
    private static final long ABORT_WAIT_SECONDS = 5;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ThreadPoolExecutor thread;
    private final StepExecutor executor;
    private final String worker;
    private final ReportSink reports;
    private volatile boolean stopped;
    // Written by the runner's thread only; read for the -v summary.
    private volatile long steps;
    private volatile long busyNanos;
    private volatile long idleNanos;
    private volatile long waits;
    private volatile long cpuNanos;
    private long idleSince;

    /** Where finished steps go (called on the runner's thread). */
    interface ReportSink {
        /**
         * @param report the step's report, or null when the batch's last order was withdrawn (a follower whose
         *     step failed: {@link dev.phasor.transport.Followers}) and the batch ends with nothing to add
         * @param endsBatch true for the last order of a batch: everything held back should go now
         */
        void report(StepReport report, boolean endsBatch);
    }

    /**
     * @param worker the worker name written in statuses, {@code mpj:rank-<r>}
     * @param reports where finished steps go
     */
    StepRunner(StepExecutor executor, String worker, ReportSink reports) {
        this.executor = executor;
        this.worker = worker;
        this.reports = reports;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "phasor-" + worker.replace(':', '-') + "-steps");
            t.setDaemon(true); // an aborted rank must not be kept alive by a step that ignores interrupts
            return t;
        });
    }

    /** Queues a batch of orders; they run in this order, a follower only if the step it follows succeeded. */
    void submit(List<Order> batch) {
        Followers followers = executor.followers(); // used on the runner's one thread only
        for (int i = 0; i < batch.size(); i++) {
            Order order = batch.get(i);
            boolean last = i == batch.size() - 1;
            thread.execute(() -> {
                if (!stopped && !followers.runs(order)) {
                    if (last) {
                        reports.report(null, true);
                    }
                } else if (!stopped) {
                    long start = System.nanoTime();
                    if (idleSince != 0) {
                        idleNanos += start - idleSince; // nothing was queued: this rank waited for orders
                        waits++;
                        idleSince = 0;
                    }
                    StepReport report = run(order);
                    followers.ended(order, report.status().isDone());
                    reports.report(report, last);
                    long end = System.nanoTime();
                    busyNanos += end - start;
                    steps++;
                    cpuNanos = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
                    if (thread.getQueue().isEmpty()) {
                        idleSince = end;
                    }
                }
            });
        }
    }

    private StepReport run(Order order) {
        try {
            return executor.execute(order, worker);
        } catch (Throwable t) { // NOPMD: an Error or bug is this step's failure, and must still be reported
            try {
                return executor.failure(order, worker, t);
            } catch (RuntimeException e) { // e.g. a step name this build does not know
                String now = Instant.now().toString();
                StepStatus.Run run = new StepStatus.Run(now, now, 0, worker, null, order.attempt(), null);
                return new StepReport(StepStatus.failed(order.step(), -1, null, run, t.getClass().getName(),
                        String.valueOf(t.getMessage()), null), null);
            }
        }
    }

    /**
     * Where this rank's step thread spent the run, for {@code -v}: "2562 steps, busy 2.90 s (cpu 1.20 s),
     * waited for orders 0.08 s in 12 waits". Waiting is the time the thread had nothing queued.
     */
    String stats() {
        return String.format(Locale.ROOT, "%d steps, busy %.2f s (cpu %.2f s), waited for orders %.3f s in %d waits",
                steps, busyNanos / 1e9, cpuNanos / 1e9, idleNanos / 1e9, waits);
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
