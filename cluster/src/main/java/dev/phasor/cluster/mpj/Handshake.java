package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PreparedPipeline;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Rank 0's start of a run: every worker must have built the same pipeline. Rank 0 sends its plan
 * fingerprint; a worker whose own differs answers with its step signature, from which rank 0 names the
 * first differing step ({@link PreparedPipeline#firstDifference}, worded from rank 0's side). Any
 * disagreement, a worker that could not build the pipeline, one whose link refused rank 0's or was refused
 * (another secret, or none), or one that does not answer in time aborts every worker with the same message, and
 * the run fails naming the rank.
 */
final class Handshake {

    /** Workers build the same pipeline as rank 0 did, so they answer quickly; this only bounds a broken start. */
    private static final long MIN_ANSWER_MILLIS = 60_000;

    private Handshake() {
    }

    /**
     * Greets every worker and waits for their answers.
     *
     * @throws BackendException after aborting every worker, if one disagrees, left, or was lost
     */
    static void greet(MpjRuntime runtime, PreparedPipeline prepared) {
        RankLink link = runtime.link();
        int workers = link.size() - 1;
        if (workers == 0) {
            return;
        }
        link.sendToAll(new Message.Hello(prepared.fingerprint(), link.lostAfterMillis()));
        String failure;
        try {
            failure = awaitAnswers(link, prepared, workers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "rank 0 was interrupted while greeting the workers";
        }
        if (failure != null) {
            runtime.abortWorkers(failure, ExitCodes.BACKEND);
            throw new BackendException(failure);
        }
    }

    /** Null when every worker agrees, else what went wrong, naming the rank. */
    private static String awaitAnswers(RankLink link, PreparedPipeline prepared, int workers) throws InterruptedException {
        long limit = TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_ANSWER_MILLIS, 2 * link.lostAfterMillis()));
        long deadline = System.nanoTime() + limit;
        Set<Integer> answered = new TreeSet<>();
        Map<Integer, String> differences = new TreeMap<>();
        while (answered.size() < workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return "rank(s) " + missing(answered, workers) + " did not answer rank 0's hello within "
                        + TimeUnit.NANOSECONDS.toSeconds(limit) + " s";
            }
            RankLink.Event event = link.next(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (event instanceof RankLink.Received r && r.message() instanceof Message.HelloReply reply) {
                answered.add(r.from());
                if (!reply.agrees()) {
                    differences.put(r.from(), difference(prepared, reply));
                }
            } else if (event instanceof RankLink.Received r && r.message() instanceof Message.Left gone) {
                return "rank " + r.from() + " could not join the run: " + gone.reason();
            } else if (event instanceof RankLink.Received r) {
                return "rank " + r.from() + " sent a " + r.message().getClass().getSimpleName() + " before answering the hello";
            } else if (event instanceof RankLink.Refused refused) {
                return refused.why();
            } else if (event instanceof RankLink.PeerLost lost) {
                return lost.why() + " before the run started";
            } else if (event instanceof RankLink.Broken broken) {
                return "MPJ Express failed on rank 0: " + broken.why();
            }
        }
        if (differences.isEmpty()) {
            return null;
        }
        Map.Entry<Integer, String> first = differences.entrySet().iterator().next();
        return "rank " + first.getKey() + " built a different pipeline than rank 0: " + first.getValue()
                + (differences.size() > 1 ? " (ranks " + differences.keySet() + " differ)" : "")
                + "; every rank must run the same pipeline class, jars and options";
    }

    private static String difference(PreparedPipeline prepared, Message.HelloReply reply) {
        String d = prepared.firstDifference(reply.signature());
        return d != null ? d : "the plan fingerprints differ (" + prepared.fingerprint() + " on rank 0, "
                + reply.fingerprint() + " there) although every step key matches";
    }

    private static String missing(Set<Integer> answered, int workers) {
        Set<Integer> missing = new TreeSet<>();
        for (int r = 1; r <= workers; r++) {
            if (!answered.contains(r)) {
                missing.add(r);
            }
        }
        return missing.toString().replaceAll("[\\[\\]]", "");
    }
}
