package dev.phasor.engine;

import java.util.List;

/**
 * What the engine knows of one step: plain values only.
 *
 * @param name the step's unique name
 * @param phase its phase
 * @param upstream every step it waits for
 * @param requiredUpstream the upstream steps whose failure skips it (an {@code afterFinished} edge only orders)
 * @param generator true if settling it may grow the pipeline ({@link Command.Expand})
 * @param hasValidResult true if the cache holds a valid result for its key (reused unless forced)
 * @param retries attempts after the first that a failure may use
 * @param backoffNanos the delay before the first retry; it doubles for each later one
 */
public record StepSpec(String name, int phase, List<String> upstream, List<String> requiredUpstream,
        boolean generator, boolean hasValidResult, int retries, long backoffNanos) {

    public StepSpec {
        upstream = List.copyOf(upstream);
        requiredUpstream = List.copyOf(requiredUpstream);
    }

    /** A plain step: every upstream step required, not a generator, no result yet, no retries. */
    public static StepSpec of(String name, int phase, List<String> upstream) {
        return new StepSpec(name, phase, upstream, upstream, false, false, 0, 0);
    }

    public StepSpec withValidResult(boolean valid) {
        return new StepSpec(name, phase, upstream, requiredUpstream, generator, valid, retries, backoffNanos);
    }

    public StepSpec asGenerator() {
        return new StepSpec(name, phase, upstream, requiredUpstream, true, hasValidResult, retries, backoffNanos);
    }

    public StepSpec withRetries(int count, long firstBackoffNanos) {
        return new StepSpec(name, phase, upstream, requiredUpstream, generator, hasValidResult, count,
                firstBackoffNanos);
    }

    /** The delay before attempt {@code next} (2 for the first retry): doubling, capped at ten minutes. */
    long delayBefore(int next) {
        long d = backoffNanos;
        for (int i = 2; i < next && d < MAX_BACKOFF_NANOS; i++) {
            d *= 2;
        }
        return Math.min(d, MAX_BACKOFF_NANOS);
    }

    /** As {@code StepPolicy.MAX_BACKOFF}, which users read (the engine imports nothing else of Phasor). */
    private static final long MAX_BACKOFF_NANOS = 600_000_000_000L;
}
