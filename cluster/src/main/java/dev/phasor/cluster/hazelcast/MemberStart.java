package dev.phasor.cluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts a Hazelcast member so that it ends up in the cluster its join addresses serve, not in one of its own.
 *
 * <p>Hazelcast's TCP-IP join gives up when no join address answers in its first seconds and makes the member
 * the master of a cluster of one. Members that start later join through their own lists and never look for
 * it, and Hazelcast merges two clusters of one name only after its split-brain delay (minutes). So a
 * coordinator started together with its workers, or two workers started at once, could each stay alone. A
 * member that finds itself alone while another join address answers therefore leaves and joins again, a few
 * times; one that every answering member refused (another cluster name) is left for the caller to report.
 */
final class MemberStart {

    /** Starts of one member before it stays alone and says why. */
    static final int MAX_STARTS = 5;

    private MemberStart() {
    }

    /**
     * Starts a member from {@code config} (a fresh config per start) until it is not alone, nobody else
     * answers, the answering members refused it, {@link #MAX_STARTS} is reached or {@code deadlineNanos}
     * has passed.
     *
     * @param say where a member left alone says why (one line)
     */
    static HazelcastInstance start(Supplier<Config> config, JoinPeers peers, ClusterNameRefusals refusals,
            long deadlineNanos, Consumer<String> say) throws InterruptedException {
        for (int start = 1; ; start++) {
            HazelcastInstance hz = Hazelcast.newHazelcastInstance(config.get());
            if (hz.getCluster().getMembers().size() > 1) {
                return hz;
            }
            List<String> up = peers.answering(JoinPeers.self(hz));
            up.removeIf(a -> refusals.refusedUs().contains(JoinPeers.normalised(a)));
            if (up.isEmpty()) {
                return hz; // the first member up, or refused by all that answer: the caller says which
            }
            if (start >= MAX_STARTS || System.nanoTime() > deadlineNanos) {
                say.accept("alone in cluster although " + String.join(", ", up) + " answer(s) after " + start
                        + " tries: Hazelcast merges the two clusters only after minutes; restart this member");
                return hz;
            }
            hz.getLifecycleService().terminate(); // alone: no data to hand over, no one to tell
            // apart, so that members that found each other alone do not start again in step
            Thread.sleep(200L * start + ThreadLocalRandom.current().nextLong(300));
        }
    }

    /**
     * Waits until one of the join addresses answers, or {@code deadlineNanos}; true if one did. A coordinator
     * starting its member before any worker listens would make a cluster of its own.
     */
    static boolean awaitAnyAnswer(JoinPeers peers, long deadlineNanos) throws InterruptedException {
        while (peers.answering(null).isEmpty()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Thread.sleep(200); // polling the join addresses, not synchronisation
        }
        return true;
    }
}
