package dev.phasor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend gives a step with a cpu attribute that many of its thread slots. */
class CpuSlotsTest {

    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MOST = new AtomicInteger();

    @TempDir
    Path cache;

    static int occupy() throws InterruptedException {
        MOST.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        Thread.sleep(150);
        RUNNING.decrementAndGet();
        return 1;
    }

    private static Pipeline fourSteps(double cpu) {
        PipelineBuilder p = Pipeline.builder("cpu-" + (int) cpu);
        for (int i = 0; i < 4; i++) {
            p.step("s" + i, CpuSlotsTest::occupy).cpu(cpu);
        }
        return p.build();
    }

    @Test
    void stepsNeedingTwoCpusRunOneAtATimeOnTwoThreads() {
        MOST.set(0);
        RunReport report = Phasor.runner().cache(cache).threads(2).run(fourSteps(2));

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(1, MOST.get(), "two steps of cpu 2 overlapped on 2 threads");
    }

    @Test
    void aStepNeedingMoreCpusThanThreadsStillRunsOnAllOfThem() {
        MOST.set(0);
        RunReport report = Phasor.runner().cache(cache).threads(3).run(fourSteps(8));

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(1, MOST.get());
    }
}
