package dev.phasor.cluster.mpj;

import picocli.CommandLine.Option;

/** The mpj backend's options of {@code phasor run} (prefixed, as every backend's options share one command). */
public final class MpjOptions {

    @Option(names = "--mpj-static", description = "mpj: static round-robin, step i of a phase on rank i mod size"
            + " (ezpyp's assignment), for reproducible placement. Default: dynamic balancing, the next ready"
            + " step to the next idle rank.")
    boolean staticAssignment;

    @Option(names = "--mpj-prefetch", paramLabel = "N", defaultValue = "1", description = "mpj: while steps are short"
            + " (under 10 ms on average), batches queued on each rank besides the one it runs, to hide message"
            + " latency (default: ${DEFAULT-VALUE}; 0 = one order at a time, no batches).")
    int prefetch = 1;

    @Option(names = "--mpj-batch", paramLabel = "N", defaultValue = "100", description = "mpj: most orders in one"
            + " batch (one message, reports back together) while steps are short; batches are a share of the steps"
            + " waiting, so they shrink as a phase drains (default: ${DEFAULT-VALUE}; 1 = one order per message).")
    int batch = 100;

    @Option(names = "--mpj-lost-after", paramLabel = "SECONDS", defaultValue = "30", description = "mpj: a rank"
            + " silent for this long counts as lost: its steps run again on the other ranks (a lost rank 0 ends the"
            + " job; ranks exchange heartbeats; default: ${DEFAULT-VALUE}).")
    double lostAfterSeconds = 30;

    int prefetch() {
        if (prefetch < 0) {
            throw new IllegalArgumentException("--mpj-prefetch must not be negative, got " + prefetch);
        }
        return prefetch;
    }

    int batch() {
        if (batch < 1) {
            throw new IllegalArgumentException("--mpj-batch must be at least 1, got " + batch);
        }
        return batch;
    }

    long lostAfterMillis() {
        if (!(lostAfterSeconds >= 1 && lostAfterSeconds <= 86_400)) {
            throw new IllegalArgumentException("--mpj-lost-after must be between 1 and 86400 seconds, got "
                    + lostAfterSeconds);
        }
        return Math.round(lostAfterSeconds * 1000);
    }
}
