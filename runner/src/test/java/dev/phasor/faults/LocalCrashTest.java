package dev.phasor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.JavaProcess;
import dev.phasor.testkit.Sleepy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults on the local backend: the coordinator (a {@code phasor run} JVM) killed with SIGKILL
 * mid-phase, then run again. Every step body counts its executions in a file ({@link Sleepy#executions}),
 * so a finished step that ran again cannot go unnoticed.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LocalCrashTest {

    @TempDir
    Path work;

    /** Steps whose status says done, read from the cache. */
    static Set<String> doneSteps(Path cache, String pipeline) {
        if (!Files.isDirectory(cache.resolve(pipeline))) {
            return Set.of();
        }
        return CacheReader.open(cache, pipeline).statuses().stream().filter(StepStatus::isDone).map(StepStatus::step)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static long statusFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".status")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void aCoordinatorKilledMidPhaseLeavesALockTheRerunTakesOverAndResumesWithoutRecomputingFinishedSteps()
            throws Exception {
        Path cache = work.resolve("cache");
        Path counts = work.resolve("executions");
        List<String> props = List.of("-Dphasor.test.phases=3", "-Dphasor.test.width=4", "-Dphasor.test.sleepMs=600",
                "-Dphasor.test.executions=" + counts);
        Path out = work.resolve("first.out");
        Path err = work.resolve("first.err");
        Process first = JavaProcess.start(work, props, out, err, "dev.phasor.cli.Main", "run", Sleepy.class.getName(),
                "--cache", cache.toString(), "--threads", "2");
        Set<String> doneBefore;
        try {
            JavaProcess.await(() -> statusFiles(cache.resolve("sleepy")) >= 6, 60,
                    () -> "phase 1 did not start: " + JavaProcess.read(err));
        } finally {
            JavaProcess.kill(first); // SIGKILL: no shutdown hook, no unlock, no summary
        }
        doneBefore = doneSteps(cache, "sleepy");
        assertTrue(doneBefore.containsAll(List.of("s0_0", "s0_1", "s0_2", "s0_3")), doneBefore::toString);
        assertTrue(!doneBefore.contains("last"), doneBefore::toString);
        String lockLine = Files.readString(cache.resolve("sleepy/.lock"));
        assertTrue(lockLine.startsWith("pid " + first.pid() + " on "), "the dead run's lock is left: " + lockLine);

        JavaProcess.Outcome rerun = JavaProcess.run(work, 90, props, "dev.phasor.cli.Main", "run",
                Sleepy.class.getName(), "--cache", cache.toString(), "--threads", "2");

        assertEquals(ExitCodes.OK, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.err().contains("taking over the lock of cache " + cache.resolve("sleepy") + " left by pid "
                + first.pid()), rerun::toString);
        assertEquals(Sleepy.expectedLast(3, 4), CacheReader.open(cache, "sleepy").result("last"));
        Map<String, Integer> executions = Sleepy.executions(counts);
        assertEquals(13, executions.size(), executions::toString);
        for (String step : doneBefore) {
            assertEquals(1, executions.get(step), step + " was done before the kill and ran again: " + executions);
        }
        // the steps cut off by the kill ran at most twice; every other step once
        executions.forEach((step, n) -> assertTrue(n == 1 || (n == 2 && !doneBefore.contains(step)), step + ": " + n));
        java.util.regex.Matcher cached = java.util.regex.Pattern.compile("\\((\\d+) ran, (\\d+) cached\\)")
                .matcher(rerun.out());
        assertTrue(cached.find() && Integer.parseInt(cached.group(2)) >= doneBefore.size(), rerun::toString);
    }
}
