package dev.phasor.cluster.mpj;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the link of a rank that is a thread of this JVM (MPJ's multicore device) after a frame was sent to
 * it, so that an idle link can park long instead of polling MPJ every millisecond. The peers' link threads
 * are found by name (one job per JVM under multicore); a rank whose thread is not found yet is looked for
 * again at most every 100 ms, and is reached meanwhile by its own polling. Used by the link's thread only.
 */
final class PeerWaker {

    private static final long LOOKUP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String THREAD_PREFIX = "phasor-mpj-link-";

    private final Thread[] peers;
    private final long[] lookedUpAt;
    private final boolean[] lookedUp;

    PeerWaker(int size) {
        this.peers = new Thread[size];
        this.lookedUpAt = new long[size];
        this.lookedUp = new boolean[size];
    }

    /** The name of rank {@code rank}'s link thread. */
    static String threadName(int rank) {
        return THREAD_PREFIX + rank;
    }

    /** Unparks rank {@code to}'s link thread, if it is found in this JVM. */
    void wake(int to, long now) {
        Thread peer = peers[to];
        if ((peer == null || !peer.isAlive()) && (!lookedUp[to] || now - lookedUpAt[to] >= LOOKUP_NANOS)) {
            lookedUp[to] = true;
            lookedUpAt[to] = now;
            peer = find(threadName(to));
            peers[to] = peer;
        }
        if (peer != null) {
            LockSupport.unpark(peer);
        }
    }

    private static Thread find(String name) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        for (int i = 0; i < n; i++) {
            if (name.equals(all[i].getName()) && all[i] != Thread.currentThread()) {
                return all[i];
            }
        }
        return null;
    }
}
