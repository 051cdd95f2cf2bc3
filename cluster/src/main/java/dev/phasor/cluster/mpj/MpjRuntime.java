package dev.phasor.cluster.mpj;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This rank's part of the MPJ job: its {@link RankLink} and what {@link RankMain} must know at the end
 * (did the run end properly for this rank; which ranks are gone). One per rank: under the multicore
 * device every rank has its own class loader, so the static {@link #current} is per rank, as MPJ's own
 * {@code MPI.COMM_WORLD} is.
 */
final class MpjRuntime {

    private static volatile MpjRuntime current;

    private final RankLink link;
    private final RankSecret secret;
    private final Set<Integer> goneElsewhere = ConcurrentHashMap.newKeySet();
    private final Set<Integer> wentOnWithout = ConcurrentHashMap.newKeySet();
    private volatile JobMarkers markers;
    private volatile boolean runEnded;
    private volatile boolean refused;

    MpjRuntime(RankLink link) {
        this(link, RankSecret.none());
    }

    /** @param secret what {@code link} was started with, which the run's command line must confirm */
    MpjRuntime(RankLink link, RankSecret secret) {
        this.link = link;
        this.secret = secret;
    }

    /** Makes {@code runtime} the one {@link MpjBackendProvider} opens backends on. */
    static void install(MpjRuntime runtime) {
        current = runtime;
    }

    /**
     * This rank's runtime.
     *
     * @throws IllegalArgumentException if this JVM is not a rank started by {@code bin/mpjrun.sh}: {@code run
     *     --backend mpj} typed outside a job is a usage error (exit 2), not a backend failure
     */
    static MpjRuntime current() {
        MpjRuntime r = current;
        if (r == null) {
            throw new IllegalArgumentException("the mpj backend runs inside an MPJ Express job: start the pipeline with"
                    + " bin/mpjrun.sh -np N CLASS [options] (see docs/mpj.md)");
        }
        return r;
    }

    RankLink link() {
        return link;
    }

    RankSecret secret() {
        return secret;
    }

    int rank() {
        return link.rank();
    }

    int size() {
        return link.size();
    }

    /**
     * Records that the run ended properly for this rank: rank 0 released every worker (finish or
     * abort), or this worker was released by rank 0 (or lost it). Otherwise {@link RankMain} tells the
     * others when the rank's command ends, so that no rank waits for it.
     */
    void runEnded() {
        runEnded = true;
    }

    boolean hasRunEnded() {
        return runEnded;
    }

    /** A worker: its link and rank 0's refused each other (another secret, or none), so it never took part. */
    void refused() {
        refused = true;
        runEnded = true; // the run was never open with rank 0: nobody to tell
    }

    boolean wasRefused() {
        return refused;
    }

    /** Where {@link #wentOnWithout} tells the launcher which ranks rank 0 went on without. */
    void markers(JobMarkers jobMarkers) {
        this.markers = jobMarkers;
    }

    /**
     * Rank 0: the run goes on without {@code rank} (lost, or it left). It is named as gone in the finish or
     * abort every other rank gets, so that none waits for it in {@code MPI.Finalize}; and in rank 0's marker,
     * so that the launcher stops its JVM and does not judge the job by it.
     */
    void wentOnWithout(int rank) {
        wentOnWithout.add(rank);
        JobMarkers m = markers;
        if (m != null) {
            m.lost(new TreeSet<>(wentOnWithout));
        }
    }

    /** Rank 0: tells every worker the run is over (they return from serving), naming the ranks that are gone. */
    void finishWorkers() {
        link.sendToAll(new Message.Finish(goneArray()));
        link.quiet();
        runEnded();
    }

    /** Rank 0: tells every worker the run stops, with {@code reason} and {@code exitCode}, naming the ranks that are gone. */
    void abortWorkers(String reason, int exitCode) {
        link.sendToAll(new Message.Abort(reason, exitCode, goneArray()));
        link.quiet();
        runEnded();
    }

    /** Ranks rank 0 announced as gone in its finish or abort. */
    void goneElsewhere(int[] ranks) {
        for (int r : ranks) {
            goneElsewhere.add(r);
        }
    }

    /** Every rank known to be gone: {@code MPI.Finalize} (a barrier) would wait for them forever. */
    Set<Integer> goneRanks() {
        Set<Integer> all = new TreeSet<>(link.lostPeers());
        all.addAll(goneElsewhere);
        all.addAll(wentOnWithout);
        return all;
    }

    private int[] goneArray() {
        return goneRanks().stream().mapToInt(Integer::intValue).toArray();
    }
}
