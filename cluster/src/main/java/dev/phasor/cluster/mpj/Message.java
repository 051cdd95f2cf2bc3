package dev.phasor.cluster.mpj;

import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * What ranks say to each other. Only control data travels (step names, statuses, errors as text);
 * results go through the shared cache directory. Lists are copied into {@link ArrayList}s so that every
 * class on the wire is one the {@link MessageCodec} registered.
 */
sealed interface Message {

    /**
     * Rank 0 to each worker, once, when the run starts.
     *
     * @param fingerprint rank 0's plan fingerprint
     * @param lostAfterMillis how long a silent peer is tolerated before it counts as lost
     */
    record Hello(String fingerprint, long lostAfterMillis) implements Message {
    }

    /**
     * A worker's answer to {@link Hello}.
     *
     * @param signature null when the worker's fingerprint matches; else the worker's
     *     {@code PreparedPipeline.signature()}, from which rank 0 names the first differing step
     */
    record HelloReply(String fingerprint, ArrayList<String> signature) implements Message {
        static HelloReply agreeing(String fingerprint) {
            return new HelloReply(fingerprint, null);
        }

        static HelloReply differing(String fingerprint, List<String> signature) {
            return new HelloReply(fingerprint, new ArrayList<>(signature));
        }

        boolean agrees() {
            return signature == null;
        }
    }

    /** Rank 0 to a worker: steps to run, in this order. */
    record Orders(ArrayList<Order> orders) implements Message {
        Orders(List<Order> orders) {
            this(new ArrayList<>(orders));
        }
    }

    /**
     * A worker to rank 0: steps that finished (done or failed), their statuses already in the cache; each as the
     * transport's plain {@link Report} (the status as its JSON record), which rank 0 hands on as it came.
     */
    record Reports(ArrayList<Report> reports) implements Message {
        Reports(List<Report> reports) {
            this(new ArrayList<>(reports));
        }
    }

    /**
     * Rank 0 to every worker: the run is over; return from serving.
     *
     * @param lostRanks ranks the run went on without, which no rank may wait for in {@code MPI.Finalize}
     */
    record Finish(int[] lostRanks) implements Message {
    }

    /**
     * Rank 0 to every worker: the run stops now, and every rank ends with this reason and exit code.
     *
     * @param lostRanks ranks known to be gone, with which no rank may synchronise any more
     *     ({@code MPI.Finalize} would wait for them forever)
     */
    record Abort(String reason, int exitCode, int[] lostRanks) implements Message {
    }

    /** A worker to rank 0: this rank's command ended before it could serve the run (e.g. it could not build the pipeline). */
    record Left(String reason, int exitCode) implements Message {
    }

    /** Sent by the link itself when it has said nothing to a watched peer for a while; never delivered. */
    record Heartbeat() implements Message {
    }
}
