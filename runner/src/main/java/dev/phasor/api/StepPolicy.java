package dev.phasor.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a step is run, apart from what it computes: how many times it is retried after a failure, the
 * delay before a retry, how long one attempt may take, and whether it runs even when cached. Not part of
 * the step key nor of the schema: changing a policy never invalidates a cached result.
 *
 * <pre>{@code
 * p.defaults(StepPolicy.none().retries(2).backoff(Duration.ofSeconds(1)).timeout(Duration.ofMinutes(30)));
 * p.shell("fetch", "curl -fsS ...").retries(5).timeout(Duration.ofSeconds(20));   // overrides the defaults
 * }</pre>
 *
 * <p>Null components are unset: a step's own settings win over the pipeline's defaults field by field,
 * and unset means 0 retries, no backoff, no timeout.
 *
 * @param retries extra attempts after a failed one (null: unset)
 * @param backoff delay before the first retry, doubled before each further one (null: unset)
 * @param timeout longest time one attempt may run (null: unset, no limit)
 * @param reload true to run the step on every run even when its result is cached, and so everything
 *     downstream of it (pyperunner's {@code reload=True}; null: unset, false)
 */
public record StepPolicy(Integer retries, Duration backoff, Duration timeout, Boolean reload) {

    /** Longest delay between two attempts, whatever the doubling gives. */
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    public StepPolicy {
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
        }
        if (backoff != null && backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, got " + backoff);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Nothing set: one attempt, no timeout. */
    public static StepPolicy none() {
        return new StepPolicy(null, null, null, null);
    }

    /** A copy with {@code n} retries (so at most n + 1 attempts). */
    public StepPolicy retries(int n) {
        return new StepPolicy(n, backoff, timeout, reload);
    }

    /** A copy whose first retry waits {@code delay}, doubled before each further retry. */
    public StepPolicy backoff(Duration delay) {
        return new StepPolicy(retries, Objects.requireNonNull(delay, "backoff"), timeout, reload);
    }

    /** A copy whose attempts are stopped and failed after {@code limit}. */
    public StepPolicy timeout(Duration limit) {
        return new StepPolicy(retries, backoff, Objects.requireNonNull(limit, "timeout"), reload);
    }

    /** A copy that runs the step on every run, cached or not (with its downstream), or not. */
    public StepPolicy reload(boolean on) {
        return new StepPolicy(retries, backoff, timeout, on);
    }

    /** This policy with the unset fields taken from {@code defaults}. */
    public StepPolicy orElse(StepPolicy defaults) {
        if (defaults == this || retries != null && backoff != null && timeout != null && reload != null) {
            return this;
        }
        if (retries == null && backoff == null && timeout == null && reload == null) {
            return defaults; // most steps: one shared policy object, not one per step
        }
        return new StepPolicy(retries != null ? retries : defaults.retries,
                backoff != null ? backoff : defaults.backoff, timeout != null ? timeout : defaults.timeout,
                reload != null ? reload : defaults.reload);
    }

    /** True if the step runs on every run, even when cached. */
    public boolean reloads() {
        return Boolean.TRUE.equals(reload);
    }

    /** Extra attempts allowed (0 when unset). */
    public int maxRetries() {
        return retries == null ? 0 : retries;
    }

    /** The delay before attempt {@code next} (2 for the first retry). */
    public Duration delayBefore(int next) {
        if (backoff == null || backoff.isZero() || next < 2) {
            return Duration.ZERO;
        }
        Duration d = backoff;
        for (int i = 2; i < next && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** True if attempts have a time limit. */
    public boolean hasTimeout() {
        return timeout != null;
    }
}
