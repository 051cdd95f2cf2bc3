package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.HeapWatch;
import dev.phasor.testkit.Load;
import dev.phasor.testkit.LoadCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.4 on MPJ Express niodev: two rank JVMs (through one daemon, stopped by PID), each with a 256 MiB
 * heap, run the {@link Load} pipeline; every result is checked cold from the cache, both ranks ran steps,
 * and rank 0 (the coordinator, which runs steps too) keeps its heap after each collection under
 * {@link #heapBound}. 20,000 leaves under {@code -Plong}, 2,000 in the default run.
 */
class MpjLoadTest {

    @RegisterExtension
    static final MpjDaemon DAEMON = new MpjDaemon();

    @TempDir
    Path work;

    /**
     * Rank 0's bound: 48 MiB for the JVM, Phasor, MPJ Express and its buffers, plus 2 KiB per step (what the
     * local coordinator needs per step, see LocalLoadTest; rank 0 keeps no more than it).
     */
    static long heapBound(int steps) {
        return (48L << 20) + 2048L * steps;
    }

    @Test
    @Timeout(300)
    void twoThousandStepsOnNiodevCompleteCorrectlyInABoundedHeap() throws Exception {
        runAndCheck(2_000, 240);
    }

    @Test
    @Tag("long")
    @Timeout(900)
    void twentyThousandStepsOnNiodevCompleteCorrectlyInABoundedHeap() throws Exception {
        runAndCheck(20_000, 840);
    }

    private void runAndCheck(int leaves, int seconds) throws Exception {
        Path cache = work.resolve("cache");
        Path heapDir = work.resolve("heap");
        List<String> options = DAEMON.options("niodev", 2, seconds - 30, "-Xmx256m",
                "-Dphasor.test.load.steps=" + leaves, "-Dphasor.test.heapOut=" + heapDir);
        MpjLauncher.Running job = DAEMON.launcher().start(work, options, List.of(), Load.class.getName(),
                "--cache", cache.toString(), "--progress", "plain");
        long rank0 = job.rankPid(0, 120);
        MpjLauncher.Result r = job.await(seconds);
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        LoadCheck.Figures f = LoadCheck.verify(cache, "load", leaves, 100);
        HeapWatch.Figures heap = HeapWatch.Figures.read(heapDir, rank0);
        System.out.printf("load mpj niodev: %d steps in %.1f s (run wall; job %.1f s) = %.0f steps/s; workers %s;"
                + " rank 0 %s%n", f.steps(), f.wallSeconds(), r.seconds(), f.stepsPerSecond(), f.workers(), heap.mib());
        assertEquals(2, f.workers().size(), () -> "both ranks ran steps: " + f.workers());
        assertTrue(heap.gcCount() > 0, "rank 0 collected at least once: " + heap.mib());
        assertTrue(heap.liveAfterGcPeak() < heapBound(f.steps()), () -> "rank 0 heap after GC " + heap.mib()
                + " over the bound " + (heapBound(f.steps()) >> 20) + " MiB for " + f.steps() + " steps");
    }
}
