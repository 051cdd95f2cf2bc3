package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.SmallDisk;
import dev.phasor.testkit.DiskFilling;
import dev.phasor.testkit.Sleepy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults on MPJ Express niodev (a JVM per rank): rank 0, the coordinator, killed with SIGKILL
 * mid-phase. The job must end within a bounded time naming the lost rank, and a re-run must take over
 * the dead coordinator's cache lock and resume without running a finished step again: step bodies count
 * their executions ({@link Sleepy#executions}). And a result that fills the disk, on a rank.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class MpjFaultsTest {

    private static final int JOB_LIMIT_SECONDS = 120;

    @RegisterExtension
    static final MpjDaemon DAEMON = new MpjDaemon();

    @TempDir
    Path work;

    private static long statusFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".status")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void rankZeroKilledMidPhaseEndsTheJobNamingItAndARerunTakesOverTheLockAndResumesExactly() throws Exception {
        Path cache = work.resolve("cache");
        Path counts = work.resolve("executions");
        String[] props = {"-Dphasor.test.sleepMs=700", "-Dphasor.test.executions=" + counts};
        MpjLauncher.Running job = DAEMON.launcher().start(work, DAEMON.options("niodev", 3, JOB_LIMIT_SECONDS - 20, props),
                List.of(), Sleepy.class.getName(), "--cache", cache.toString());
        long coordinator = job.rankPid(0, 60);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (statusFiles(cache.resolve("sleepy")) < 7) { // phase 0 (6 steps) is done and phase 1 under way
            assertTrue(System.nanoTime() < deadline, "phase 1 did not start within 60 s");
            MpjLauncher.pollInterval();
        }
        long killedAt = System.nanoTime();
        ProcessHandle.of(coordinator).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
        MpjLauncher.Result killed = job.await(JOB_LIMIT_SECONDS);
        double secondsToEnd = (System.nanoTime() - killedAt) / 1e9;

        assertEquals(70, killed.exitCode(), killed::toString);
        assertTrue(killed.err().contains("mpjrun: rank 0 did not finish"), killed::toString);
        assertTrue(secondsToEnd < 45, "the job ended " + secondsToEnd + " s after the kill");
        Set<String> doneBefore = new TreeSet<>();
        CacheReader.open(cache, "sleepy").statuses().stream().filter(StepStatus::isDone).forEach(s -> doneBefore.add(s.step()));
        assertTrue(doneBefore.size() >= 6 && !doneBefore.contains("last"), doneBefore::toString);
        assertTrue(Files.readString(cache.resolve("sleepy/.lock")).startsWith("pid " + coordinator + " on "),
                "the dead coordinator's lock is left");

        MpjLauncher.Result rerun = DAEMON.launcher().start(work, DAEMON.options("multicore", 2, JOB_LIMIT_SECONDS - 20,
                props), List.of(), Sleepy.class.getName(), "--cache", cache.toString()).await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.OK, rerun.exitCode(), rerun::toString);
        assertTrue((rerun.out() + rerun.err()).contains("taking over the lock of cache " + cache.resolve("sleepy")
                + " left by pid " + coordinator), rerun::toString);
        assertEquals(Sleepy.expectedLast(3, 6), CacheReader.open(cache, "sleepy").result("last"));
        Map<String, Integer> executions = Sleepy.executions(counts);
        assertEquals(19, executions.size(), executions::toString);
        for (String step : doneBefore) {
            assertEquals(1, executions.get(step), step + " was done before the kill and ran again: " + executions);
        }
        assertTrue(executions.values().stream().allMatch(n -> n == 1 || n == 2), executions::toString);
        System.out.printf("MPJ rank 0 killed: job ended %.1f s later (exit %d); re-run reused %d finished steps%n",
                secondsToEnd, killed.exitCode(), doneBefore.size());
    }

    @Test
    void aResultThatFillsTheDiskFailsItsStepOnItsRankAndLeavesCachedResultsIntact() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(work.resolve("disk"), 2)) {
            Path cache = disk.dir().resolve("cache");
            List<String> options = DAEMON.options("multicore", 2, JOB_LIMIT_SECONDS - 20);
            MpjLauncher.Result first = DAEMON.launcher().start(work, options, List.of(), DiskFilling.class.getName(),
                    "--cache", cache.toString(), "--until", "big").await(JOB_LIMIT_SECONDS);
            assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
            Map<String, byte[]> before = SmallDisk.results(cache.resolve("disk"));
            assertEquals(4, before.size(), before::toString);

            MpjLauncher.Result full = DAEMON.launcher().start(work, options, List.of(), DiskFilling.class.getName(),
                    "--cache", cache.toString()).await(JOB_LIMIT_SECONDS);

            assertEquals(ExitCodes.STEP_FAILED, full.exitCode(), full::toString);
            StepStatus big = CacheReader.open(cache, "disk").status("big");
            assertEquals(StepStatus.FAILED, big.status(), big::toString);
            assertTrue(big.errorMessage().contains("No space left on device"), big::toString);
            assertTrue(full.out().contains("FAILED big on mpj:rank-"), full::toString);
            SmallDisk.assertUnchanged(before, cache.resolve("disk"));
            assertEquals(42, CacheReader.open(cache, "disk").result("a"));
        }
    }
}
