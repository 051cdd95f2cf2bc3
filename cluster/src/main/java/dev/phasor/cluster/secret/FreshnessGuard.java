package dev.phasor.cluster.secret;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Accepts a run's opening message once, and only while it is fresh: its time of issue must be within
 * {@link #MAX_SKEW_MILLIS} of this clock, and its nonce must not have been seen in that time. A captured
 * opening message replayed later is refused either way; nonces are kept only as long as their message could
 * still pass as fresh, so memory stays bounded. Thread-safe.
 */
public final class FreshnessGuard {

    /** How far apart the sender's and this clock may be; cluster nodes keep their clocks in sync (NTP). */
    public static final long MAX_SKEW_MILLIS = 10 * 60 * 1000L;

    private final Map<String, Long> seen = new HashMap<>();

    /** Null if the message is fresh and its nonce new (it is remembered); else why it is refused. */
    public synchronized String accept(String nonce, long issuedAtMillis, long nowMillis) {
        long age = nowMillis - issuedAtMillis;
        if (Math.abs(age) > MAX_SKEW_MILLIS) {
            return "it was issued " + Math.abs(age) / 1000 + " s " + (age > 0 ? "ago" : "ahead of this clock")
                    + ", more than the " + MAX_SKEW_MILLIS / 60_000 + " minutes allowed (a replay, or clocks out of"
                    + " sync)";
        }
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next() > 2 * MAX_SKEW_MILLIS) {
                it.remove();
            }
        }
        if (seen.putIfAbsent(nonce, nowMillis) != null) {
            return "its nonce was seen before (a replay)";
        }
        return null;
    }
}
