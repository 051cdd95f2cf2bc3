package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link RankComm} between threads of one JVM, for protocol tests without MPJ. A rank can be "killed":
 * it then neither sends nor receives, and sends to it either vanish (a hung rank: only silence tells)
 * or fail (as MPJ's niodev fails them once the connection dropped).
 */
final class LoopbackComm implements RankComm {

    /** The ranks of one job. */
    static final class World {
        private final List<ConcurrentLinkedQueue<Frame>> inboxes = new ArrayList<>();
        private final List<AtomicBoolean> dead = new ArrayList<>();
        private volatile boolean sendsToDeadFail;

        World(int ranks) {
            for (int r = 0; r < ranks; r++) {
                inboxes.add(new ConcurrentLinkedQueue<>());
                dead.add(new AtomicBoolean());
            }
        }

        LoopbackComm comm(int rank) {
            return new LoopbackComm(this, rank);
        }

        /** Rank {@code rank} stops sending and receiving; with {@code sendsFail}, sends to it throw. */
        void kill(int rank, boolean sendsFail) {
            sendsToDeadFail = sendsFail;
            dead.get(rank).set(true);
        }

        int size() {
            return inboxes.size();
        }
    }

    private final World world;
    private final int rank;

    private LoopbackComm(World world, int rank) {
        this.world = world;
        this.rank = rank;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return world.size();
    }

    @Override
    public Sending send(int to, byte[] frame) {
        if (world.dead.get(to).get() && world.sendsToDeadFail) {
            throw new BackendException("ClosedChannelException");
        }
        if (!world.dead.get(rank).get() && !world.dead.get(to).get()) {
            world.inboxes.get(to).add(new Frame(rank, frame.clone()));
        }
        return () -> true;
    }

    @Override
    public Frame receive() {
        return world.dead.get(rank).get() ? null : world.inboxes.get(rank).poll();
    }
}
