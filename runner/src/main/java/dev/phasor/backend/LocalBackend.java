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
                String thread = Thread.currentThread().getName().substring("phasor-local-".length());
                reports.add(executor.execute(order, "local:thread-" + thread));
            });
        }

        @Override
        public StepReport poll(long timeout, TimeUnit unit) throws InterruptedException {
            return reports.poll(timeout, unit);
        }

        @Override
        public void abort(String reason, int exitCode) {
            pool.shutdownNow();
        }

        @Override
        public void finish() {
            pool.shutdown();
        }
    }
}
