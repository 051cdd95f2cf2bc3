package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Evolving;
import dev.phasor.testkit.Skewed;
import dev.phasor.testkit.ShellProcesses;
import dev.phasor.testkit.Timeouts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 on real MPJ Express jobs (multicore: ranks as threads of one JVM; niodev: a JVM per rank through
 * one daemon started and stopped by PID): {@code --until}, {@code --update}, {@code --rerun},
 * {@code --restart-failed} and {@code --eager} behave as on the local backend, and a shell step's timeout
 * is enforced by the rank that runs it. Every job has a time limit. The niodev variants are tagged
 * {@code long} ({@code mvn -Plong}); the timeout test runs on niodev by default.
 */
@Timeout(240)
class MpjRerunTest {

    private static final int JOB_LIMIT_SECONDS = 90;

    @RegisterExtension
    static final MpjDaemon DAEMON = new MpjDaemon();

    @TempDir
    Path work;

    private static List<String> options(String device, int ranks, String... jvmArgs) {
        return DAEMON.options(device, ranks, JOB_LIMIT_SECONDS - 20, jvmArgs);
    }

    private MpjLauncher.Result job(List<String> options, Class<?> pipeline, String... args) throws Exception {
        return DAEMON.launcher().start(work, options, List.of(), pipeline.getName(), args).await(JOB_LIMIT_SECONDS);
    }

    /** The summary's run column per step as this job printed it (rank 0's summary). */
    private static Map<String, String> printedRunColumn(MpjLauncher.Result job, String... steps) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String step : steps) {
            String row = job.out().lines().filter(l -> l.startsWith(step + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + step + ": " + job));
            m.put(step, row.split("\\s{2,}")[5]);
        }
        return m;
    }

    private static Map<String, String> expect(String... stepRun) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < stepRun.length; i += 2) {
            m.put(stepRun[i], stepRun[i + 1]);
        }
        return m;
    }

    @Test
    void untilUpdateRerunAndRestartFailedOnMulticoreRanks() throws Exception {
        untilUpdateRerunAndRestartFailedOnRanks("multicore");
    }

    @Test
    @Tag("long")
    void untilUpdateRerunAndRestartFailedOnNiodevRanks() throws Exception {
        untilUpdateRerunAndRestartFailedOnRanks("niodev");
    }

    @Test
    void eagerOnMulticoreRanks() throws Exception {
        eagerStartsAStepBeforeTheSlowStepOfThePreviousPhaseEnds("multicore");
    }

    @Test
    @Tag("long")
    void eagerOnNiodevRanks() throws Exception {
        eagerStartsAStepBeforeTheSlowStepOfThePreviousPhaseEnds("niodev");
    }

    private void untilUpdateRerunAndRestartFailedOnRanks(String device) throws Exception {
        Path settings = work.resolve("evolving.properties");
        Path cache = work.resolve("cache");
        String[] steps = {"base", "mid", "side", "flaky", "tail"};
        List<String> o = options(device, 3, "-Dphasor.test.evolving=" + settings);
        Evolving.write(settings, "scale", "1");

        MpjLauncher.Result until = job(o, Evolving.class, "--cache", cache.toString(), "--until", "tail");
        assertEquals(ExitCodes.OK, until.exitCode(), until::toString);
        StepStatus tail = CacheReader.open(cache, "evolving").status("tail");
        assertEquals(StepStatus.State.PENDING, tail.state());
        assertEquals("held by --until tail", tail.reason());
        assertTrue(CacheReader.open(cache, "evolving").status("mid").worker().startsWith("mpj:rank-"));

        Evolving.write(settings, "scale", "2");
        MpjLauncher.Result refused = job(o, Evolving.class, "--cache", cache.toString());
        assertEquals(ExitCodes.CACHE, refused.exitCode(), refused::toString);

        MpjLauncher.Result update = job(o, Evolving.class, "--cache", cache.toString(), "--update");
        assertEquals(ExitCodes.OK, update.exitCode(), update::toString);
        Map<String, String> expected = expect("base", "ran", "mid", "ran", "side", "cached", "flaky", "cached",
                "tail", "ran");
        assertEquals(expected, printedRunColumn(update, steps));
        assertEquals(Evolving.expectedTail(2), CacheReader.open(cache, "evolving").result("tail"));

        Evolving.write(settings, "scale", "2", "fail", "true");
        MpjLauncher.Result rerun = job(o, Evolving.class, "--cache", cache.toString(), "--rerun", "side", "--eager");
        assertEquals(ExitCodes.STEP_FAILED, rerun.exitCode(), rerun::toString);
        assertEquals(expect("base", "cached", "mid", "cached", "side", "ran", "flaky", "ran", "tail", "-"),
                printedRunColumn(rerun, steps));
        assertEquals(StepStatus.SKIPPED, CacheReader.open(cache, "evolving").status("tail").status());

        Evolving.write(settings, "scale", "2", "fail", "false");
        MpjLauncher.Result restart = job(o, Evolving.class, "--cache", cache.toString(), "--restart-failed");
        assertEquals(ExitCodes.OK, restart.exitCode(), restart::toString);
        assertEquals(expect("base", "cached", "mid", "cached", "side", "cached", "flaky", "ran", "tail", "ran"),
                printedRunColumn(restart, steps));
        assertEquals(Evolving.expectedTail(2), CacheReader.open(cache, "evolving").result("tail"));
    }

    private void eagerStartsAStepBeforeTheSlowStepOfThePreviousPhaseEnds(String device) throws Exception {
        Path eager = work.resolve("eager");
        MpjLauncher.Result job = job(options(device, 2, "-Dphasor.test.slowMs=3000"), Skewed.class,
                "--cache", eager.toString(), "--eager", "--threads", "1");
        assertEquals(ExitCodes.OK, job.exitCode(), job::toString);
        CacheReader r = CacheReader.open(eager, "skewed");
        assertEquals(5, r.result("join"));
        assertTrue(Instant.parse(r.status("after_fast").started()).isBefore(Instant.parse(r.status("slow").ended())),
                () -> "after_fast waited for slow: " + r.statuses());

        Path barrier = work.resolve("barrier");
        MpjLauncher.Result plain = job(options(device, 2, "-Dphasor.test.slowMs=1500"), Skewed.class,
                "--cache", barrier.toString(), "--threads", "1");
        assertEquals(ExitCodes.OK, plain.exitCode(), plain::toString);
        CacheReader b = CacheReader.open(barrier, "skewed");
        assertTrue(!Instant.parse(b.status("after_fast").started()).isBefore(Instant.parse(b.status("slow").ended())),
                () -> "the barrier holds after_fast back: " + b.statuses());
    }

    @Test
    void aShellStepPastItsTimeoutIsKilledOnTheRankThatRunsIt() throws Exception {
        Path cache = work.resolve("cache");
        MpjLauncher.Result job = job(options("niodev", 2), Timeouts.class, "--cache", cache.toString());
        assertEquals(ExitCodes.STEP_FAILED, job.exitCode(), job::toString);
        CacheReader r = CacheReader.open(cache, "timeouts");
        StepStatus hang = r.status("hang");
        assertEquals("Timeout", hang.errorType(), hang::toString);
        assertTrue(hang.worker().startsWith("mpj:rank-"), hang.worker());
        assertTrue(r.status("quick").isDone());
        assertEquals(StepStatus.SKIPPED, r.status("after_hang").status());
        assertEquals(2, r.result("retried"), "retried on the worker that ran it");
        assertEquals(2, r.status("retried").attempts().size());
        ShellProcesses.assertGone(cache.resolve("timeouts/hang.pids"));
    }
}
