package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.HeapWatch;
import dev.phasor.testkit.Load;
import dev.phasor.testkit.LoadCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.4 on Hazelcast: two {@code phasor worker} JVMs (2 threads each) and a {@code phasor run --backend
 * hazelcast} coordinator JVM with a 256 MiB heap, all on 127.0.0.1, run the {@link Load} pipeline; every
 * result is checked cold from the cache, both workers ran steps, and the coordinator's heap after each
 * collection stays under {@link #heapBound}. 20,000 leaves under {@code -Plong}, 2,000 in the default run.
 */
class HazelcastLoadTest {

    @TempDir
    Path work;

    /**
     * The coordinator's bound: 64 MiB for the JVM, Phasor and a Hazelcast member (its partitions, threads and
     * buffers), plus 2 KiB per step (what the local coordinator needs per step, see LocalLoadTest).
     */
    static long heapBound(int steps) {
        return (64L << 20) + 2048L * steps;
    }

    @Test
    @Timeout(300)
    void twoThousandStepsOnTwoWorkersCompleteCorrectlyInABoundedHeap() throws Exception {
        runAndCheck(2_000, 240);
    }

    @Test
    @Tag("long")
    @Timeout(900)
    void twentyThousandStepsOnTwoWorkersCompleteCorrectlyInABoundedHeap() throws Exception {
        runAndCheck(20_000, 840);
    }

    private void runAndCheck(int leaves, int seconds) throws Exception {
        Path cache = work.resolve("cache");
        Path heapDir = work.resolve("heap");
        Map<String, String> props = Map.of("phasor.test.load.steps", String.valueOf(leaves));
        try (WorkerProcesses cluster = new WorkerProcesses(work)) {
            WorkerProcesses.Worker w1 = cluster.start(props, 2, false);
            WorkerProcesses.Worker w2 = cluster.start(props, 2, false);
            cluster.awaitReady(List.of(w1, w2), 2, Duration.ofSeconds(120));
            Map<String, String> coordinator = new HashMap<>(props);
            coordinator.put("phasor.test.heapOut", heapDir.toString());
            Path log = work.resolve("coordinator.log");
            long t0 = System.nanoTime();
            Process c = cluster.startCoordinator(coordinator, Load.class.getName(), cache, log);
            boolean ended = c.waitFor(seconds, TimeUnit.SECONDS);
            assertTrue(ended, () -> "the coordinator ended within " + seconds + " s\n" + WorkerProcesses.read(log));
            double processSeconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(ExitCodes.OK, c.exitValue(), () -> WorkerProcesses.read(log));
            LoadCheck.Figures f = LoadCheck.verify(cache, "load", leaves, 100);
            HeapWatch.Figures heap = HeapWatch.Figures.read(heapDir, c.pid());
            System.out.printf("load hazelcast: %d steps in %.1f s (run wall; process %.1f s) = %.0f steps/s; workers %s;"
                    + " coordinator %s%n", f.steps(), f.wallSeconds(), processSeconds, f.stepsPerSecond(), f.workers(),
                    heap.mib());
            assertTrue(f.workers().keySet().containsAll(List.of(w1.name(), w2.name())),
                    () -> "both workers ran steps: " + f.workers());
            assertTrue(heap.gcCount() > 0, "the coordinator collected at least once: " + heap.mib());
            assertTrue(heap.liveAfterGcPeak() < heapBound(f.steps()), () -> "coordinator heap after GC " + heap.mib()
                    + " over the bound " + (heapBound(f.steps()) >> 20) + " MiB for " + f.steps() + " steps");
        }
    }
}
