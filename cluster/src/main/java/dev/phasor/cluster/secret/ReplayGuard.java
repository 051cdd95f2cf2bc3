package dev.phasor.cluster.secret;

/**
 * Accepts each sequence number once: a sliding window of the last {@value #WINDOW} numbers above the highest
 * seen (as IPsec does), so that messages may arrive out of order yet none is accepted twice, and anything
 * older than the window is refused. Thread-safe.
 */
public final class ReplayGuard {

    static final int WINDOW = 4096;

    private final long[] seen = new long[WINDOW / 64];
    private long highest = -1;

    /** True the first time {@code seq} (not negative) is offered, false on any repeat or if it is too old. */
    public synchronized boolean accept(long seq) {
        if (seq < 0 || seq <= highest - WINDOW) {
            return false;
        }
        if (seq > highest) {
            long shift = Math.min(seq - highest, WINDOW);
            for (long s = highest + 1; s < highest + 1 + shift; s++) {
                clear(s);
            }
            highest = seq;
        } else if (isSet(seq)) {
            return false;
        }
        set(seq);
        return true;
    }

    private boolean isSet(long seq) {
        int bit = (int) (seq % WINDOW);
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }

    private void set(long seq) {
        int bit = (int) (seq % WINDOW);
        seen[bit >>> 6] |= 1L << bit;
    }

    private void clear(long seq) {
        int bit = (int) (seq % WINDOW);
        seen[bit >>> 6] &= ~(1L << bit);
    }
}
