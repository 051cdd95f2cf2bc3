package dev.phasor.backend;

import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.StepExecutor;
import dev.phasor.exec.StepReport;
import dev.phasor.internal.Warnings;
import dev.phasor.transport.Event;
import dev.phasor.transport.Followers;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import dev.phasor.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The embedded default: steps run on a pool of threads in the coordinator's own JVM.
 */
public final class LocalBackend implements Backend {

    /** How long an aborted run waits for its interrupted steps to end. */
    private static final long ABORT_WAIT_SECONDS = 30;

    private final int threads;
    private ThreadPoolExecutor pool;

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
    public Transport start(RunSession session) {
        AtomicInteger counter = new AtomicInteger();
        pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "phasor-local-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new LocalTransport(pool, threads, session.prepared());
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
     * Runs orders on the pool, as one worker ({@value #WORKER}) with a slot per thread that queues without
     * limit; reports arrive on a queue the coordinator polls, and every report waiting travels in one event. A step with a {@code cpu}
     * attribute takes that many of the {@code threads} slots (at most all of them) while it runs; the fair
     * semaphore serves steps in submission order, so a wide step is not starved by narrow ones.
     *
     * <p>Reports are handed over without a wake-up per step: a thread that finishes a step while other orders
     * wait in the pool's queue only adds its report to a lock-free queue, and the coordinator, when it finds
     * that queue empty while orders are queued, sleeps at most {@link #REPORT_TICK_NANOS} before it looks
     * again, taking every report that arrived meanwhile in one go. A thread wakes the coordinator at once
     * only when no order is left queued (the coordinator may have steps to decide that wait on this report,
     * or the run may be over); with none queued the coordinator sleeps until woken or its timeout.
     * So a report waits at most one tick, a run with more orders queued than threads costs about one wake-up
     * per tick instead of one per step, and a chain of dependent steps is woken step by step as before.
     */
    private static final class LocalTransport implements Transport {
        static final String WORKER = "local";
        /** The longest a report waits for the coordinator to look while orders are still queued. */
        static final long REPORT_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
        private final ThreadPoolExecutor pool;
        private final int threads;
        private final PreparedPipeline prepared;
        private final StepExecutor executor;
        private final Semaphore slots;
        private final ConcurrentLinkedQueue<StepReport> reports = new ConcurrentLinkedQueue<>();
        /** The coordinator's thread while it sleeps in {@link #poll}, else null: whom a thread wakes. */
        private volatile Thread sleeping;
        /**
         * Steps that had a result or log when the run began (null until the coordinator listed the cache:
         * then every step looks its old files up). The coordinator submits a step once per run, so a step
         * outside the set has none: its thread is spared the lookups.
         */
        private volatile Set<String> stepsWithOldFiles;
        /** The worker name statuses show, one string per thread (not one per step: a run keeps every status). */
        private static final ThreadLocal<String> WORKER_NAME = ThreadLocal.withInitial(
                () -> "local:thread-" + Thread.currentThread().getName().substring("phasor-local-".length()));

        private boolean joined;

        LocalTransport(ThreadPoolExecutor pool, int threads, PreparedPipeline prepared) {
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
        public void send(String worker, List<Order> orders) {
            for (List<Order> chain : executor.chains(orders)) {
                submit(chain);
            }
        }

        /** Runs a chain of orders on one thread, in order; a follower only if the step it follows succeeded. */
        private void submit(List<Order> chain) {
            Set<String> listed = stepsWithOldFiles;
            pool.execute(() -> {
                Followers followers = chain.size() == 1 ? null : executor.followers();
                for (Order order : chain) {
                    if (order != chain.get(0) && pool.isShutdown()) {
                        return; // aborted: no new step starts (the engine no longer waits for reports)
                    }
                    if (followers == null || followers.runs(order)) {
                        StepReport report = run(order, listed == null || listed.contains(order.step()));
                        if (followers != null) {
                            followers.ended(order, report.status().isDone());
                        }
                        hand(report);
                    }
                }
            });
        }

        private StepReport run(Order order, boolean mayHaveOldFiles) {
            int need = Math.min(threads, prepared.step(order.step()).cpuSlots());
            String worker = WORKER_NAME.get();
            boolean holding = false;
            try {
                slots.acquire(need);
                holding = true;
                return executor.execute(order, worker, true, mayHaveOldFiles);
            } catch (Throwable t) { // NOPMD: an Error execute() lets through (OutOfMemoryError...) fails the
                // step, as does an abort while it waits for slots; without a report the coordinator would
                // wait for it forever
                return executor.failure(order, worker, t);
            } finally {
                if (holding) {
                    slots.release(need);
                }
            }
        }

        /** Queues a report; wakes the coordinator only if it sleeps and no order is left for the threads. */
        private void hand(StepReport report) {
            reports.add(report);
            if (pool.getQueue().isEmpty()) { // read after the add, and before whether the coordinator sleeps
                Thread waiter = sleeping;
                if (waiter != null) {
                    LockSupport.unpark(waiter);
                }
            }
        }

        @Override
        public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
            if (!joined) {
                joined = true;
                return new Event.Joined(WORKER, threads, Integer.MAX_VALUE);
            }
            StepReport report = next(timeout, unit);
            if (report == null) {
                return null;
            }
            List<Report> all = new ArrayList<>();
            do {
                all.add(report.toInProcessReport());
            } while ((report = reports.poll()) != null);
            return new Event.Reported(WORKER, all);
        }

        private StepReport next(long timeout, TimeUnit unit) throws InterruptedException {
            StepReport report = reports.poll();
            if (report != null) {
                return report;
            }
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            Thread self = Thread.currentThread();
            while (true) {
                // Read in this order (a thread does the reverse: adds its report, then reads the queue and
                // this field): if no order is queued now, a report added before a thread saw the last order
                // taken is found by the poll below, and every later one comes with a wake-up.
                boolean noOrderQueued = pool.getQueue().isEmpty();
                sleeping = self;
                try {
                    report = reports.poll();
                    if (report != null) {
                        return report;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    LockSupport.parkNanos(this, noOrderQueued ? left : Math.min(left, REPORT_TICK_NANOS));
                } finally {
                    sleeping = null;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for step reports");
                }
            }
        }

        @Override
        public void abort(String reason, int exitCode) {
            pool.shutdownNow(); // interrupts running steps
            try {
                // The coordinator still holds the cache lock: let interrupted steps finish writing their status
                // now rather than after the lock is released (a step that ignores interrupts is waited for only
                // so long).
                if (!pool.awaitTermination(ABORT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    Warnings.warn("steps still running " + ABORT_WAIT_SECONDS
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
