package dev.phasor.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.function.Consumer;

/**
 * While a coordinator waits for its workers, checks every few seconds whether a join address answers whose
 * member is not in the coordinator's cluster: two clusters under one name, which Hazelcast merges only after
 * its split-brain delay (minutes). Says so once, naming both sides, instead of leaving the user to wait out
 * {@code --worker-wait} in silence.
 */
final class SplitWatch implements AutoCloseable {

    /** Between two looks. */
    private static final long INTERVAL_MILLIS = 2_000;
    /** Looks in a row that must see the same members outside: a member still joining is outside for one or two. */
    private static final int LOOKS = 3;

    private final Thread thread;

    SplitWatch(HazelcastInstance hz, JoinPeers peers, String clusterName, Consumer<String> warn) {
        thread = new Thread(() -> watch(hz, peers, clusterName, warn), "phasor-hazelcast-split-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static void watch(HazelcastInstance hz, JoinPeers peers, String clusterName, Consumer<String> warn) {
        List<String> before = List.of();
        int same = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(INTERVAL_MILLIS);
                List<String> outside = peers.answeringOutside(hz);
                same = !outside.isEmpty() && outside.equals(before) ? same + 1 : 1;
                if (!outside.isEmpty() && same >= LOOKS) {
                    warn.accept("cluster '" + clusterName + "' is split: " + String.join(", ", outside)
                            + " answer(s) but are not in this coordinator's cluster (members: "
                            + String.join(", ", JoinPeers.members(hz)) + "); Hazelcast merges two clusters of one"
                            + " name only after minutes: restart the workers outside it");
                    return;
                }
                before = outside;
            }
        } catch (InterruptedException e) {
            // closed: the wait for workers is over
        } catch (RuntimeException e) {
            // the member is shutting down: nothing left to watch
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
