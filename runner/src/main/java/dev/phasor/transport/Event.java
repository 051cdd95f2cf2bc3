package dev.phasor.transport;

import java.util.List;

/** What a {@link Transport} brings back to the coordinator. */
public sealed interface Event {

    /**
     * A worker is ready for orders: it runs {@code slots} steps at once, and holds up to {@code prefetch}
     * more messages per slot queued when steps are short, so that it never idles for a round trip.
     * {@code prefetch} is {@link Integer#MAX_VALUE} for a worker that queues without limit at no cost (local
     * threads).
     */
    record Joined(String worker, int slots, int prefetch) implements Event {
        public Joined {
            if (slots < 1) {
                throw new IllegalArgumentException("worker '" + worker + "' offers no slot");
            }
            if (prefetch < 0) {
                throw new IllegalArgumentException("worker '" + worker + "': negative prefetch " + prefetch);
            }
        }
    }

    /**
     * A worker is gone (it left, died or stopped answering); {@code why} is a sentence for the user. The
     * orders it held will not be reported: the coordinator sends them elsewhere. Nothing it sends later is
     * delivered.
     */
    record Lost(String worker, String why) implements Event {
    }

    /** {@code worker} answered orders it was sent (a batch answers together). */
    record Reported(String worker, List<Report> reports) implements Event {
        public Reported {
            reports = List.copyOf(reports);
        }
    }

    /** The transport itself cannot go on ({@code why}, a sentence for the user): the run stops. */
    record Broken(String why) implements Event {
    }
}
