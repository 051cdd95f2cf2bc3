package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.report.RunManifest;
import dev.phasor.report.RunManifests;
import dev.phasor.support.JavaProcess;
import dev.phasor.testkit.Sleepy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: Ctrl-C (SIGINT) during {@code phasor run}, sent to a real {@code phasor run} JVM by PID. The run
 * says what happened, stops its workers, leaves an {@code aborted} manifest, a summary and a report, releases
 * the lock, says how to resume and exits 130; running the same command again reuses the finished steps.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CtrlCTest {

    @TempDir
    Path work;

    @Test
    void ctrlCStopsTheRunWritesAnAbortedManifestReleasesTheLockAndTheSameCommandResumes() throws Exception {
        Path cache = work.resolve("cache");
        Path counts = work.resolve("executions");
        CacheLayout layout = new CacheLayout(cache, "sleepy");
        List<String> props = List.of("-Dphasor.test.phases=3", "-Dphasor.test.width=2", "-Dphasor.test.sleepMs=1500",
                "-Dphasor.test.executions=" + counts);
        String[] run = {"run", Sleepy.class.getName(), "--cache", cache.toString(), "--threads", "2", "--progress",
            "plain"};
        Path out = work.resolve("first.out");
        Path err = work.resolve("first.err");
        Process first = JavaProcess.start(work, props, out, err, "dev.phasor.cli.Main", run);
        try {
            // phase 0 done, phase 1 running: Ctrl-C lands mid-run
            JavaProcess.await(() -> Files.exists(layout.resultFile("s0_0")) && Files.exists(layout.resultFile("s0_1")),
                    60, () -> "phase 0 did not finish: " + JavaProcess.read(err));
            new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).inheritIO().start().waitFor();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the run did not stop within 60 s of Ctrl-C");
        } finally {
            if (first.isAlive()) {
                JavaProcess.kill(first);
            }
        }
        String stderr = JavaProcess.read(err);
        assertEquals(ExitCodes.INTERRUPTED, first.exitValue(), () -> JavaProcess.read(out) + stderr);
        assertTrue(stderr.contains("phasor: interrupted (Ctrl-C): stopping the workers"), stderr);
        assertTrue(stderr.contains("to resume, run the same command again"), stderr);
        assertTrue(stderr.contains("2 of 7 steps done and kept") || stderr.contains("3 of 7 steps done and kept")
                || stderr.contains("4 of 7 steps done and kept"), stderr);

        RunManifest manifest = RunManifests.latest(layout);
        assertEquals("aborted", manifest.outcome(), manifest::toString);
        assertTrue(Files.exists(layout.summaryFile()), "no pipeline.summary");
        assertTrue(Files.exists(layout.dir().resolve("report.html")), "no report.html");
        assertEquals(0, Files.size(layout.lockFile()), "the lock file still names its holder: "
                + Files.readString(layout.lockFile()));
        Set<String> doneBefore = CacheReader.open(cache, "sleepy").statuses().stream().filter(StepStatus::isDone)
                .map(StepStatus::step).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(doneBefore.containsAll(List.of("s0_0", "s0_1")) && !doneBefore.contains("last"),
                doneBefore::toString);

        JavaProcess.Outcome again = JavaProcess.run(work, 90, props, "dev.phasor.cli.Main", run);

        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertFalse(again.err().contains("taking over the lock"), again::toString);
        assertTrue(again.out().contains("(" + (7 - doneBefore.size()) + " ran, " + doneBefore.size() + " cached)"),
                again::toString);
        assertEquals(Sleepy.expectedLast(3, 2), CacheReader.open(cache, "sleepy").result("last"));
        Map<String, Integer> executions = Sleepy.executions(counts);
        for (String step : doneBefore) {
            assertEquals(1, executions.get(step), step + " was done before Ctrl-C and ran again: " + executions);
        }
        assertEquals("ok", RunManifests.latest(layout).outcome());
    }
}
