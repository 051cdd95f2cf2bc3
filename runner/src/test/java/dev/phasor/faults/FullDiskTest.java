package dev.phasor.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults: the cache's file system fills up while a result is written. The cache lives on a 2 MiB
 * tmpfs mounted for the test (root only: skipped otherwise) and unmounted after it; the step whose result
 * does not fit fails naming the lack of space, the run exits 1, and the results already cached stay
 * byte for byte what they were. Once there is room, a re-run computes only that step.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FullDiskTest {

    @TempDir
    Path work;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "FullDiskTest needs root to mount a 2 MiB tmpfs (mount -t tmpfs); skipped as " + System.getProperty("user.name"));
        disk = Files.createDirectories(work.resolve("disk"));
        mounted = sh("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString()) == 0;
        assumeTrue(mounted, "cannot mount a tmpfs on " + disk + " (no mount permission in this container?)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            assertEquals(0, sh("umount", disk.toString()), "umount " + disk);
        }
    }

    private static int sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private String df() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "df -k " + disk + "; ls -la " + disk.resolve("cache/disk")
                    + "; grep " + disk + " /proc/self/mountinfo").redirectErrorStream(true).start();
            p.waitFor(10, TimeUnit.SECONDS);
            return new String(p.getInputStream().readAllBytes());
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static Pipeline pipeline() {
        PipelineBuilder p = Pipeline.builder("disk");
        Step<Integer> a = p.step("a", Params.of("x", 6), ps -> ps.getInt("x") * 7);
        p.step("b", Params.of("n", 300_000), ps -> new byte[ps.getInt("n")]);
        // 3 MiB: more than the whole disk
        p.step("big", Params.of("n", 3 << 20), a, (ps, va) -> new byte[ps.getInt("n")]);
        p.step("after_big", p.step("tail", () -> "t"), t -> t + "!");
        return p.build();
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".step")).sorted().toList()) {
                bytes.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return bytes;
    }

    @Test
    void aResultThatDoesNotFitFailsItsStepNamingTheFullDiskAndLeavesCachedResultsIntact() throws Exception {
        Path cache = disk.resolve("cache");
        RunReport first = Phasor.runner().cache(cache).options(RunOptions.defaults().withUntil(List.of("big")))
                .run(pipeline());
        assertEquals(ExitCodes.OK, first.exitCode());
        CacheLayout layout = new CacheLayout(cache, "disk");
        Map<String, byte[]> before = files(layout.dir());
        assertEquals(List.of("a.step", "after_big.step", "b.step", "tail.step"), List.copyOf(before.keySet()));

        RunReport full = Phasor.runner().cache(cache).run(pipeline());

        assertEquals(ExitCodes.STEP_FAILED, full.exitCode(), () -> full.summary() + df());
        StepStatus big = CacheReader.open(cache, "disk").status("big");
        assertEquals(StepStatus.FAILED, big.status(), big::toString);
        assertTrue(big.errorMessage().contains("No space left on device"), big::toString);
        assertTrue(full.summary().contains("big") && full.summary().contains("failed"), full.summary());
        Map<String, byte[]> after = files(layout.dir());
        assertEquals(before.keySet(), after.keySet(), "no result lost, none half written");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " changed"));
        CacheReader reader = CacheReader.open(cache, "disk");
        assertEquals(42, reader.result("a"));
        assertEquals("t!", reader.result("after_big"));
        try (Stream<Path> files = Files.list(layout.dir())) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
        }

        assertEquals(0, sh("mount", "-o", "remount,size=16m", disk.toString()), "remount with room");
        RunReport roomy = Phasor.runner().cache(cache).run(pipeline());
        assertEquals(ExitCodes.OK, roomy.exitCode(), roomy.summary());
        assertEquals(3 << 20, ((byte[]) roomy.result("big")).length);
        assertEquals(1, roomy.statuses().stream().filter(s -> "ran".equals(s.run())).count(), roomy.summary());
    }
}
