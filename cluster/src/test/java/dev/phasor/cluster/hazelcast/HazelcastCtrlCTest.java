package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.report.RunManifests;
import dev.phasor.testkit.Sleepy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: Ctrl-C (SIGINT, by PID) to a {@code phasor run --backend hazelcast} JVM mid-run. The worker is
 * told to drop the run and stays in its cluster for the next one; the coordinator leaves an aborted manifest
 * and a released lock, exits 130, and the same command resumes on the same worker reusing finished steps.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HazelcastCtrlCTest {

    @TempDir
    Path tmp;

    @Test
    void ctrlCToTheCoordinatorReleasesTheRunOnTheWorkersWhichStayForTheResumedRun() throws Exception {
        Map<String, String> props = Map.of("phasor.test.sleepMs", "3000", "phasor.test.width", "2",
                "phasor.test.phases", "3");
        Path cache = tmp.resolve("cache");
        CacheLayout layout = new CacheLayout(cache, "sleepy");
        WorkerProcesses cluster = new WorkerProcesses(tmp);
        try {
            WorkerProcesses.Worker worker = cluster.start(props, 2, false);
            cluster.awaitReady(List.of(worker), 1, Duration.ofSeconds(60));
            Path firstLog = tmp.resolve("first.log");
            Process first = cluster.startCoordinator(props, Sleepy.class.getName(), cache, firstLog,
                    List.of("--progress", "plain"));
            WorkerProcesses.awaitTrue(() -> Files.exists(layout.resultFile("s0_0"))
                    && Files.exists(layout.resultFile("s0_1")), Duration.ofSeconds(90),
                    () -> "phase 0 did not finish:\n" + WorkerProcesses.read(firstLog));
            new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).inheritIO().start().waitFor();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the coordinator did not stop within 60 s of Ctrl-C");

            String log = WorkerProcesses.read(firstLog);
            assertEquals(ExitCodes.INTERRUPTED, first.exitValue(), log);
            assertTrue(log.contains("phasor: interrupted (Ctrl-C): stopping the workers"), log);
            assertTrue(log.contains("to resume, run the same command again"), log);
            assertEquals("aborted", RunManifests.latest(layout).outcome());
            assertEquals(0, Files.size(layout.lockFile()), "the lock is released");
            WorkerProcesses.awaitTrue(() -> worker.output().contains("aborted: the run was interrupted (Ctrl-C)"),
                    Duration.ofSeconds(30), () -> "the worker was not told:\n" + worker.output());
            assertTrue(worker.process().isAlive(), "the worker stays for the next run");
            long done = CacheReader.open(cache, "sleepy").statuses().stream().filter(StepStatus::isDone).count();

            Path againLog = tmp.resolve("again.log");
            Process again = cluster.startCoordinator(props, Sleepy.class.getName(), cache, againLog,
                    List.of("--progress", "plain"));
            assertTrue(again.waitFor(120, TimeUnit.SECONDS), () -> "the resumed run did not end:\n"
                    + WorkerProcesses.read(againLog));
            String resumed = WorkerProcesses.read(againLog);
            assertEquals(ExitCodes.OK, again.exitValue(), resumed);
            assertTrue(resumed.contains("(" + (7 - done) + " ran, " + done + " cached)"), resumed);
            assertEquals(Sleepy.expectedLast(3, 2), CacheReader.open(cache, "sleepy").result("last"));
        } finally {
            cluster.close();
        }
    }
}
