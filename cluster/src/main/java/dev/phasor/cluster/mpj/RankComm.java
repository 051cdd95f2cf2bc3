package dev.phasor.cluster.mpj;

/**
 * Point-to-point bytes between the ranks of one job: what the protocol needs from MPI, and no more
 * (no collectives: they want equal message sizes and make deadlocks easy). {@link MpjComm} is the
 * MPJ Express implementation; tests use an in-memory one. Not thread-safe: only the
 * {@link RankLink}'s thread calls it.
 */
interface RankComm {

    int rank();

    int size();

    /**
     * Starts sending {@code frame} to rank {@code to} without waiting for the receiver.
     *
     * @throws dev.phasor.api.BackendException if the peer cannot be reached
     */
    Sending send(int to, byte[] frame);

    /**
     * The next frame that has arrived from any rank, or null if none is waiting. Never blocks.
     *
     * @throws dev.phasor.api.BackendException if the transport failed
     */
    Frame receive();

    /** A send in progress; its frame must not be modified until {@link #done()}. */
    interface Sending {
        /** True once the frame has left; throws {@link dev.phasor.api.BackendException} if it cannot. */
        boolean done();
    }

    /** A received frame and the rank it came from. */
    record Frame(int from, byte[] bytes) {
    }
}
