package dev.phasor.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.HeapWatch;
import dev.phasor.testkit.LoadCheck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.4 on the local backend: a pipeline of N leaves (plus N/100 fan-ins and a total that depend on
 * every leaf) runs in a coordinator JVM with a 256 MiB heap, every result is checked cold from the cache,
 * and the coordinator's heap occupancy after each collection stays under {@link #heapBound}. 100,000 leaves
 * under {@code -Plong}, 10,000 in the default run.
 */
class LocalLoadTest {

    /**
     * The coordinator's heap bound: 40 MiB for the JVM, Phasor and the CLI, plus 2 KiB per step. A step
     * costs the coordinator its definition, key, schema entry and status (the bench measures 1.37 KB
     * retained per step after a run); 2 KiB leaves room for objects that were live across a collection.
     */
    static long heapBound(int steps) {
        return (40L << 20) + 2048L * steps;
    }

    @TempDir
    Path work;

    @Test
    @Timeout(180)
    void tenThousandStepsCompleteCorrectlyInABoundedHeap() throws Exception {
        runAndCheck(10_000, 150);
    }

    @Test
    @Tag("long")
    @Timeout(900)
    void hundredThousandStepsCompleteCorrectlyInABoundedHeap() throws Exception {
        runAndCheck(100_000, 840);
    }

    private void runAndCheck(int leaves, int seconds) throws Exception {
        Path cache = work.resolve("cache");
        Path heapDir = work.resolve("heap");
        PhasorProcess.Outcome run;
        long pid;
        try (PhasorProcess p = PhasorProcess.start(work, "256m", Map.of("phasor.test.load.steps", String.valueOf(leaves),
                "phasor.test.heapOut", heapDir.toString()), "run", "--cache", cache.toString(), "--threads", "2",
                "--progress", "plain")) {
            pid = p.pid();
            run = p.await(seconds);
        }
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        LoadCheck.Figures f = LoadCheck.verify(cache, "load", leaves, 100);
        HeapWatch.Figures heap = HeapWatch.Figures.read(heapDir, pid);
        System.out.printf("load local: %d steps in %.1f s (run wall; process %.1f s) = %.0f steps/s; coordinator %s%n",
                f.steps(), f.wallSeconds(), run.seconds(), f.stepsPerSecond(), heap.mib());
        assertTrue(heap.gcCount() > 0, "the coordinator collected at least once: " + heap.mib());
        assertTrue(heap.liveAfterGcPeak() < heapBound(f.steps()), () -> "coordinator heap after GC " + heap.mib()
                + " over the bound " + (heapBound(f.steps()) >> 20) + " MiB for " + f.steps() + " steps");
    }
}
