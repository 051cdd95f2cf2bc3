package dev.phasor.backend;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's handle on the workers during a run. Called from the coordinator's one thread.
 *
 * <p>Contract: every submitted order yields exactly one report from {@link #poll}, a
 * {@code done} or {@code failed} status (a backend that loses a worker re-dispatches its orders, or
 * reports them failed with the reason). Orders may run in any order and anywhere.
 */
public interface Dispatcher {

    /** How many steps can run at once across all workers (for planning and progress). */
    int parallelism();

    /**
     * Tells the dispatcher which steps had a result or a log file when the coordinator listed the cache,
     * under the run's lock, before the first order: a step outside the set has no old file for its worker to
     * remove the first time it runs in this run. Called at most once. Backends whose workers do not share
     * this JVM's view of the run ignore it (the default), and their workers look the old files up.
     */
    default void cacheListed(Set<String> stepsWithOldFiles) {
    }

    /** Hands an order to some worker; never blocks on the workers. */
    void submit(StepOrder order);

    /** The next finished step, or null if none finished within the timeout. */
    StepReport poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** Tells the workers the run will not happen or stops now; they end with {@code reason} and {@code exitCode}. */
    void abort(String reason, int exitCode);

    /** Normal end of the run: workers are released. Called once, after the last report. */
    void finish();
}
