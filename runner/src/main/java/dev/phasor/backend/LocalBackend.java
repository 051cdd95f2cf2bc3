package dev.phasor.backend;

import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.StepExecutor;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
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
        return new LocalDispatcher(pool, threads, session.prepared());
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

    /**
     * Runs orders on the pool; reports arrive on a queue the coordinator polls. A step with a {@code cpu}
     * attribute takes that many of the {@code threads} slots (at most all of them) while it runs; the fair
     * semaphore serves steps in submission order, so a wide step is not starved by narrow ones.
     */
    private static final class LocalDispatcher implements Dispatcher {
        private final ExecutorService pool;
        private final int threads;
        private final PreparedPipeline prepared;
        private final StepExecutor executor;
        private final Semaphore slots;
        private final LinkedBlockingQueue<StepReport> reports = new LinkedBlockingQueue<>();
        /**
         * Steps that had a result or log when the run began (null until the coordinator listed the cache:
         * then every step looks its old files up). The coordinator submits a step once per run, so a step
         * outside the set has none: its thread is spared the lookups.
         */
        private volatile Set<String> stepsWithOldFiles;
        /** The worker name statuses show, one string per thread (not one per step: a run keeps every status). */
        private static final ThreadLocal<String> WORKER_NAME = ThreadLocal.withInitial(
                () -> "local:thread-" + Thread.currentThread().getName().substring("phasor-local-".length()));

        LocalDispatcher(ExecutorService pool, int threads, PreparedPipeline prepared) {
            this.pool = pool;
            this.threads = threads;
            this.prepared = prepared;
            this.executor = prepared.executor();
            this.slots = new Semaphore(threads, true);
        }

        @Override
        public int parallelism() {
            return threads;
        }

        @Override
        public void cacheListed(Set<String> steps) {
            stepsWithOldFiles = steps;
        }

        @Override
        public void submit(StepOrder order) {
            int need = Math.min(threads, prepared.step(order.step()).cpuSlots());
            Set<String> listed = stepsWithOldFiles;
            boolean mayHaveOldFiles = listed == null || listed.contains(order.step());
            pool.execute(() -> {
                String worker = WORKER_NAME.get();
                StepReport report;
                boolean holding = false;
                try {
                    slots.acquire(need);
                    holding = true;
                    report = executor.execute(order, worker, true, mayHaveOldFiles);
                } catch (Throwable t) { // NOPMD: an Error execute() lets through (OutOfMemoryError...) fails the
                    // step, as does an abort while it waits for slots; without a report the coordinator would
                    // wait for it forever
                    report = executor.failure(order, worker, t);
                } finally {
                    if (holding) {
                        slots.release(need);
                    }
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
