package dev.phasor.cluster.mpj;

import java.nio.file.Path;

/**
 * Benchmark-only entry to the MPJ backend's rank runtime, which is package-private in the cluster module:
 * starts this rank's real {@link RankLink} over {@link MpjComm} and installs it as {@link MpjBackendProvider}
 * expects, as {@link MpjMain} does, so that a harness that called {@code MPI.Init} itself (to time MPJ's own
 * ping-pong first) then drives the real dispatcher and workers. Lives in the bench module, in this package
 * for access only; nothing in the product uses it. Also writes the rank markers {@code bin/mpjrun.sh} judges
 * a job by.
 */
public final class MpjBenchRuntime implements AutoCloseable {

    private final RankLink link;
    private final MpjRuntime runtime;
    private boolean closedCleanly;

    private MpjBenchRuntime(RankLink link) {
        this.link = link;
        this.runtime = new MpjRuntime(link);
    }

    /** After {@code MPI.Init}: from now on only the link's thread touches MPI, until {@link #close}. */
    public static MpjBenchRuntime start() {
        MpjBenchRuntime r = new MpjBenchRuntime(RankLink.start(new MpjComm(), new MessageCodec()));
        MpjRuntime.install(r.runtime);
        return r;
    }

    public int rank() {
        return link.rank();
    }

    public int size() {
        return link.size();
    }

    /** Stops the link's thread; afterwards {@link #finalizeSafe} tells whether {@code MPI.Finalize} may be called. */
    @Override
    public void close() {
        link.close();
        closedCleanly = link.closedCleanly() && runtime.goneRanks().isEmpty();
    }

    /** True when every rank is known alive and MPJ did not fail: {@code MPI.Finalize} (a barrier) will return. */
    public boolean finalizeSafe() {
        return closedCleanly;
    }

    /** {@code rank-<r>.pid}, {@code .error} and {@code .exit} in the job directory, as {@code MpjMain} writes them. */
    public static Markers markers(Path jobDir, int rank) {
        return new Markers(new JobMarkers(jobDir, rank));
    }

    /** The rank's markers for bin/mpjrun.sh. */
    public static final class Markers {
        private final JobMarkers markers;

        private Markers(JobMarkers markers) {
            this.markers = markers;
        }

        public void pid() {
            markers.pid();
        }

        public void error(String message) {
            markers.error(message);
        }

        public void exit(int code) {
            markers.exit(code);
        }
    }
}
