package dev.phasor.transport;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's side of a backend during one run: it carries orders to the worker it is told and
 * events back, and decides nothing. Called from the coordinator's one thread.
 *
 * <p>Contract: workers announce themselves with {@link Event.Joined} before they get orders. Every order
 * sent to a worker yields exactly one {@link Report} in an {@link Event.Reported} from that worker, unless
 * an {@link Event.Lost} for that worker comes first; after it, nothing from that worker is delivered. A
 * worker runs the orders of one message in order, and reports them together; the one exception is a follower
 * ({@link Followers}: an order whose step requires a step ordered earlier in the same message), which runs
 * only if that step succeeded there, and is otherwise withdrawn: neither run nor reported.
 */
public interface Transport {

    /** How many steps the workers that joined so far run at once (for progress displays). */
    int parallelism();

    /**
     * Names the steps that had a result or a log file when the coordinator listed the cache, under the run's
     * lock, before the first order: a step outside the set has no old file for its worker to remove the first
     * time it runs in this run. Called at most once. Transports whose workers do not share this JVM's view of
     * the run ignore it (the default).
     */
    default void cacheListed(Set<String> stepsWithOldFiles) {
    }

    /**
     * Sends {@code orders} to {@code worker} as one message; never blocks on the workers. A worker that is
     * gone answers with {@link Event.Lost} (once), not with an exception.
     */
    void send(String worker, java.util.List<Order> orders);

    /** The most orders one message should carry while steps are short (the placer batches up to it). */
    default int maxBatch() {
        return 100;
    }

    /** True to place step {@code i} of each phase on worker {@code i mod n} (ezpyp's static split) instead of the least busy one. */
    default boolean roundRobin() {
        return false;
    }

    /**
     * True if results travel over the transport (workers without shared storage): the coordinator then writes
     * the result and status file of every step reported, failed ones included.
     */
    default boolean carriesResults() {
        return false;
    }

    /** The next event, or null if none came within the timeout. */
    Event poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** Tells the workers the run stops now; they end with {@code reason} and {@code exitCode}. Idempotent. */
    void abort(String reason, int exitCode);

    /** Normal end of the run: workers are released. Called once, after the last report. */
    void finish();
}
