package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import mpi.Intracomm;
import mpi.MPI;
import mpi.Request;
import mpi.Status;

/**
 * {@link RankComm} over MPJ Express's {@code COMM_WORLD}: the only class besides {@link RankMain} that
 * touches {@code mpi.*} ({@link SharedClasses} only locates MPJ's jar). Frames travel as {@code MPI.BYTE} arrays sized with {@code Iprobe} +
 * {@code Get_count} ({@code MPI.OBJECT} would use Java serialization). MPJ's exceptions are unchecked;
 * every one is wrapped here into a {@link BackendException}.
 */
final class MpjComm implements RankComm {

    /** Phasor's only tag: message kinds are told apart by their decoded class. */
    private static final int TAG = 7317;

    private final Intracomm world;
    private final int rank;
    private final int size;

    /** The world of the calling rank; {@code MPI.Init} must have returned. */
    MpjComm() {
        try {
            this.world = MPI.COMM_WORLD;
            this.rank = world.Rank();
            this.size = world.Size();
        } catch (RuntimeException e) {
            throw new BackendException("MPJ Express: cannot read rank and size of COMM_WORLD: " + e, e);
        }
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Sending send(int to, byte[] frame) {
        Request request;
        try {
            request = world.Isend(frame, 0, frame.length, MPI.BYTE, to, TAG);
        } catch (RuntimeException e) {
            throw new BackendException(rootCause(e), e);
        }
        return () -> {
            try {
                return request.Test() != null;
            } catch (RuntimeException e) {
                throw new BackendException(rootCause(e), e);
            }
        };
    }

    @Override
    public Frame receive() {
        try {
            Status probed = world.Iprobe(MPI.ANY_SOURCE, TAG);
            if (probed == null) {
                return null;
            }
            int from = probed.source;
            byte[] frame = new byte[probed.Get_count(MPI.BYTE)];
            world.Recv(frame, 0, frame.length, MPI.BYTE, from, TAG);
            return new Frame(from, frame);
        } catch (RuntimeException e) {
            throw new BackendException("MPJ Express: receiving failed: " + rootCause(e), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 10 && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
