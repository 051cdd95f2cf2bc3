package dev.phasor.cluster.hazelcast;

/**
 * How many orders one invocation carries. While steps are short (under {@value #SHORT_STEP_MILLIS} ms on
 * average) and many are waiting, a batch of up to {@value #MAX_BATCH} shares the invocation's round trip
 * (hundreds of microseconds); batches shrink as a phase drains, so no worker is left holding the last long
 * queue. Long steps, or steps whose results travel over the network, go one per invocation.
 */
final class BatchSizer {

    static final int MAX_BATCH = 100;
    static final double SHORT_STEP_MILLIS = 10;

    private final boolean carryResults;
    /** Moving mean of the steps' durations (NaN until one reports): batches only while steps are short. */
    private double meanStepMillis = Double.NaN;

    BatchSizer(boolean carryResults) {
        this.carryResults = carryResults;
    }

    /** Counts a reported step's duration in the moving mean. */
    void stepTook(double millis) {
        meanStepMillis = Double.isNaN(meanStepMillis) ? millis : 0.8 * meanStepMillis + 0.2 * millis;
    }

    /** Orders for the next invocation: 1 for long steps, else enough to keep every thread fed twice over. */
    int size(int waiting, int threads) {
        if (carryResults || !(meanStepMillis < SHORT_STEP_MILLIS)) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_BATCH, waiting / (2 * Math.max(1, threads))));
    }
}
