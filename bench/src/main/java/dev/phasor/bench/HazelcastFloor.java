package dev.phasor.bench;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.phasor.bench.jmh.RawHazelcast;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Hazelcast's transport floor, from the coordinator's own member to the bench's worker JVMs right after a
 * run, with no Phasor code on the path: plain {@code IExecutorService.submitToMember} of
 * {@link RawHazelcast}'s tasks on an executor of their own. The round trip is what a dependent step pays at
 * the least to reach a worker and hear back; the bandwidth is the run's blocks carried from the workers to
 * the coordinator by Hazelcast alone.
 */
final class HazelcastFloor {

    static final int WARMUP = 200;
    static final int ITERATIONS = 1000;
    private static final String EXECUTOR = "phasor-bench-floor";

    private final IExecutorService executor;
    private final List<Member> workers;

    private HazelcastFloor(HazelcastInstance member) {
        this.executor = member.getExecutorService(EXECUTOR);
        this.workers = member.getCluster().getMembers().stream().filter(m -> !m.localMember() && !m.isLiteMember())
                .toList();
        if (workers.isEmpty()) {
            throw new IllegalStateException("no worker member to measure the transport floor against");
        }
    }

    /**
     * Over the member this JVM runs in cluster {@code clusterName}: the backend's coordinator member, which
     * the run has just used (the bench starts no other member here).
     */
    static HazelcastFloor over(String clusterName) {
        return new HazelcastFloor(Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getLifecycleService().isRunning() && h.getConfig().getClusterName().equals(clusterName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no member of cluster '" + clusterName + "' runs here")));
    }

    /** Median microseconds of one {@link RawHazelcast.Echo} to a worker and back, one at a time, workers in turn. */
    double roundTripMicros() throws Exception {
        long[] t = new long[ITERATIONS];
        for (int i = 0; i < WARMUP + ITERATIONS; i++) {
            Member target = workers.get(i % workers.size());
            long t0 = System.nanoTime();
            RawHazelcast.check(executor.submitToMember(new RawHazelcast.Echo(i), target), i);
            if (i >= WARMUP) {
                t[i - WARMUP] = System.nanoTime() - t0;
            }
        }
        return TransportFloor.medianMicros(t);
    }

    /**
     * MB/s of {@code blocks} {@link RawHazelcast.Block}s of {@code bytes} each made on the workers (in turn,
     * {@code inFlight} at a time, as the run's steps) and carried to this member.
     */
    double megabytesPerSecond(int blocks, int bytes, int inFlight) throws Exception {
        Deque<Asked> pending = new ArrayDeque<>();
        long moved = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < blocks; i++) {
            if (pending.size() >= inFlight) {
                moved += pending.removeFirst().check(bytes);
            }
            byte fill = (byte) i;
            pending.addLast(new Asked(executor.submitToMember(new RawHazelcast.Block(bytes, fill),
                    workers.get(i % workers.size())), fill));
        }
        while (!pending.isEmpty()) {
            moved += pending.removeFirst().check(bytes);
        }
        return moved / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    /** A block asked for, and the bytes it must hold. */
    private record Asked(Future<byte[]> answer, byte fill) {
        int check(int bytes) throws Exception {
            return RawHazelcast.check(answer, bytes, fill);
        }
    }
}
