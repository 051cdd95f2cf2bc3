package dev.phasor.backend;

import dev.phasor.exec.StepExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded default: steps run on a pool of threads in the coordinator's own JVM.
 */
public final class LocalBackend implements Backend {

    /** How long an aborted run waits for its interrupted steps to end. */
    private static final long ABORT_WAIT_SECONDS = 30;

    private final int threads;
    private ExecutorService pool;

    /** A backend running {@code threads} steps at once. */
    public LocalBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public boolean isCoordinator() {
        return true;
    }

    @Override
    public Dispatcher start(RunSession session) {
        AtomicInteger counter = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "phasor-local-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new LocalDispatcher(pool, threads, session.prepared().executor());
    }

    @Override
    public void serve(WorkerSession session) {
        throw new IllegalStateException("the local backend has no worker processes");
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Runs orders on the pool; reports arrive on a queue the coordinator polls. */
    private static final class LocalDispatcher implements Dispatcher {
        private final ExecutorService pool;
        private final int threads;
        private final StepExecutor executor;
        private final LinkedBlockingQueue<StepReport> reports = new LinkedBlockingQueue<>();

        LocalDispatcher(ExecutorService pool, int threads, StepExecutor executor) {
            this.pool = pool;
            this.threads = threads;
            this.executor = executor;
        }

        @Override
        public int parallelism() {
            return threads;
        }

        @Override
        public void submit(StepOrder order) {
            pool.execute(() -> {
                String worker = "local:thread-" + Thread.currentThread().getName().substring("phasor-local-".length());
                StepReport report;
                try {
                    report = executor.execute(order, worker);
                } catch (Throwable t) { // NOPMD: an Error execute() lets through (OutOfMemoryError...) fails the
                    // step; without a report the coordinator would wait for it forever
                    report = executor.failure(order, worker, t);
                }
                reports.add(report);
            });
        }

        @Override
        public StepReport poll(long timeout, TimeUnit unit) throws InterruptedException {
            return reports.poll(timeout, unit);
        }

        @Override
        public void abort(String reason, int exitCode) {
            pool.shutdownNow(); // interrupts running steps
            try {
                // The coordinator still holds the cache lock: let interrupted steps finish writing their status
                // now rather than after the lock is released (a step that ignores interrupts is waited for only
                // so long).
                if (!pool.awaitTermination(ABORT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("phasor: steps still running " + ABORT_WAIT_SECONDS
                            + " s after the run was aborted; they may still write to the cache");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void finish() {
            pool.shutdown();
        }
    }
}
