package dev.phasor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import dev.phasor.support.SmallDisk;
import dev.phasor.testkit.DiskFilling;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults: the cache's file system fills up while a result is written (a 2 MiB tmpfs mounted for
 * the test, root only: skipped otherwise). The step whose result does not fit fails naming the lack of
 * space, the run exits 1, and the results already cached stay byte for byte what they were. Once there
 * is room, a re-run computes only that step.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FullDiskTest {

    @TempDir
    Path work;

    @Test
    void aResultThatDoesNotFitFailsItsStepNamingTheFullDiskAndLeavesCachedResultsIntact() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(work.resolve("disk"), 2)) {
            Path cache = disk.dir().resolve("cache");
            RunReport first = Phasor.runner().cache(cache).options(RunOptions.defaults().withUntil(List.of("big")))
                    .run(DiskFilling.class);
            assertEquals(ExitCodes.OK, first.exitCode());
            CacheLayout layout = new CacheLayout(cache, "disk");
            Map<String, byte[]> before = SmallDisk.results(layout.dir());
            assertEquals(List.of("a.step", "after_big.step", "b.step", "tail.step"), List.copyOf(before.keySet()));

            RunReport full = Phasor.runner().cache(cache).run(DiskFilling.class);

            assertEquals(ExitCodes.STEP_FAILED, full.exitCode(), full::summary);
            StepStatus big = CacheReader.open(cache, "disk").status("big");
            assertEquals(StepStatus.FAILED, big.status(), big::toString);
            assertTrue(big.errorMessage().contains("No space left on device"), big::toString);
            assertTrue(full.summary().contains("big") && full.summary().contains("failed"), full::summary);
            SmallDisk.assertUnchanged(before, layout.dir());
            CacheReader reader = CacheReader.open(cache, "disk");
            assertEquals(42, reader.result("a"));
            assertEquals("t!", reader.result("after_big"));

            disk.grow(16);
            RunReport roomy = Phasor.runner().cache(cache).run(DiskFilling.class);
            assertEquals(ExitCodes.OK, roomy.exitCode(), roomy::summary);
            assertEquals(DiskFilling.BIG, ((byte[]) roomy.result("big")).length);
            assertEquals(1, roomy.statuses().stream().filter(s -> "ran".equals(s.run())).count(), roomy::summary);
        }
    }
}
