package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phasor.Phasor;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.Diamond;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.Sleepy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real MPJ Express jobs through {@code bin/mpjrun.sh}: the multicore device (ranks as threads of one JVM)
 * and niodev (a JVM per rank, through one daemon on this machine started and stopped by PID), checked
 * against the local backend. Every job has a time limit; MPJ start-up is 1.5-4 s per job on this
 * machine, so the matrix is chosen to keep the class near a minute and a half.
 */
@Timeout(180)
class MpjJobTest {

    private static final int JOB_LIMIT_SECONDS = 120;
    /** "mpjrun: rank 3 reported: E", or for ranks that reported the same error "mpjrun: ranks 0-2, 5 reported: E". */
    private static final Pattern REPORTED = Pattern.compile("(?m)^mpjrun: ranks? ([0-9, -]+) reported: (.*)$");

    @RegisterExtension
    static final MpjDaemon DAEMON = new MpjDaemon();

    @TempDir
    Path work;

    /** Launcher options for {@code ranks} ranks on {@code device}, the test class path and any JVM flags. */
    private static List<String> options(String device, int ranks, String... jvmArgs) {
        return DAEMON.options(device, ranks, JOB_LIMIT_SECONDS - 20, jvmArgs);
    }

    private MpjLauncher.Result run(List<String> options, Class<?> pipeline, String... args) throws Exception {
        return DAEMON.launcher().start(work, options, List.of(), pipeline.getName(), args).await(JOB_LIMIT_SECONDS);
    }

    private static Map<String, Integer> codes(List<StepStatus> statuses) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        statuses.forEach(s -> codes.put(s.step(), s.status()));
        return codes;
    }

    private static Map<String, Object> values(CacheReader reader) {
        Map<String, Object> values = new LinkedHashMap<>();
        reader.statuses().stream().filter(StepStatus::isDone).forEach(s -> values.put(s.step(), reader.result(s.step())));
        return values;
    }

    @ParameterizedTest(name = "{0} -np {1}")
    @CsvSource({"multicore, 1", "multicore, 2", "multicore, 4", "niodev, 2", "niodev, 4"})
    void diamondGivesTheValuesAndStatusesOfTheLocalBackend(String device, int ranks) throws Exception {
        RunReport local = Phasor.runner().cache(work.resolve("local")).run(Diamond.class);
        Path cache = work.resolve("mpj");

        MpjLauncher.Result job = run(options(device, ranks), Diamond.class, "--cache", cache.toString());

        assertEquals(ExitCodes.OK, job.exitCode(), job::toString);
        assertTrue(job.out().contains("OK: 17 done (17 ran, 0 cached)"), job::toString);
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        assertEquals(codes(local.statuses().stream().toList()), codes(reader.statuses()));
        assertEquals(values(CacheReader.open(work.resolve("local"), "diamond")), values(reader));
        for (int rank = 0; rank < ranks; rank++) {
            String worker = "mpj:rank-" + rank;
            assertTrue(reader.statuses().stream().anyMatch(s -> worker.equals(s.worker())), worker + " ran nothing");
        }
    }

    @ParameterizedTest(name = "-Dphasor.mpj.shareClasses={0}")
    @CsvSource({"true, classes shared by the ranks", "false, a class loader per rank (off"})
    void multicoreRanksShareOneCopyOfTheClassesUnlessToldNotToWithTheSameResults(boolean share, String says)
            throws Exception {
        Path cache = work.resolve("mpj");

        MpjLauncher.Result job = run(options("multicore", 2, "-Dphasor.mpj.shareClasses=" + share), Diamond.class,
                "--cache", cache.toString(), "-v");

        assertEquals(ExitCodes.OK, job.exitCode(), job::toString);
        String output = job.out() + job.err(); // MPJ merges the ranks' stderr into its stdout
        assertTrue(output.contains("phasor: mpj rank 0 JVM: jit compile time "), job::toString);
        assertTrue(output.contains(says), job::toString);
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        for (int rank = 0; rank < 2; rank++) {
            String worker = "mpj:rank-" + rank;
            assertTrue(reader.statuses().stream().anyMatch(s -> worker.equals(s.worker())), worker + " ran nothing");
        }
    }

    @ParameterizedTest(name = "{0} -np {1}")
    @CsvSource({"multicore, 2", "niodev, 4"})
    void aFailingStepFailsAloneWithItsDownstreamSkippedAsOnTheLocalBackend(String device, int ranks) throws Exception {
        RunReport local = Phasor.runner().cache(work.resolve("local")).run(Failing.class);
        Path cache = work.resolve("mpj");

        MpjLauncher.Result job = run(options(device, ranks), Failing.class, "--cache", cache.toString());

        assertEquals(ExitCodes.STEP_FAILED, job.exitCode(), job::toString);
        assertTrue(job.out().contains("FAILED boom on mpj:rank-"), job::toString);
        List<StepStatus> statuses = CacheReader.open(cache, "failing").statuses();
        assertEquals(codes(local.statuses().stream().toList()), codes(statuses));
        assertEquals(Map.of("boom", 1, "after_boom", 2, "after_after", 2, "mixed", 2, "ok_1", 0, "ok_2", 0, "ok_3", 0),
                codes(statuses));
        assertEquals(3, CacheReader.open(cache, "failing").result("ok_3"));
    }

    @ParameterizedTest(name = "{0} -np {1}")
    @CsvSource({"multicore, 4", "niodev, 2"})
    void aSchemaConflictStopsEveryRankWithTheSameMessageAndExitCode3(String device, int ranks) throws Exception {
        Path cache = work.resolve("cache");
        System.setProperty("phasor.test.width", "4");
        try {
            assertEquals(ExitCodes.OK, Phasor.runner().cache(cache).run(Diamond.class).exitCode());
        } finally {
            System.clearProperty("phasor.test.width");
        }
        Path summary = cache.resolve("diamond/pipeline.summary");
        String before = Files.readString(summary);

        MpjLauncher.Result job = run(options(device, ranks, "-Dphasor.test.width=8"), Diamond.class,
                "--cache", cache.toString());

        assertEquals(ExitCodes.CACHE, job.exitCode(), job::toString);
        Map<Integer, String> reported = reported(job.err());
        assertEquals(ranks, reported.size(), job::toString);
        String message = reported.get(0);
        assertTrue(message.contains("holds the results of a different definition of pipeline 'diamond'"), message);
        reported.values().forEach(other -> assertEquals(message, other));
        assertEquals(before, Files.readString(summary), "a refused run writes nothing");
    }

    /** What each rank reported, from the launcher's "rank(s) ... reported: E" lines. */
    private static Map<Integer, String> reported(String err) {
        Map<Integer, String> reported = new LinkedHashMap<>();
        Matcher m = REPORTED.matcher(err);
        while (m.find()) {
            for (String part : m.group(1).split(", ")) {
                String[] range = part.split("-");
                for (int r = Integer.parseInt(range[0]); r <= Integer.parseInt(range[range.length - 1]); r++) {
                    reported.put(r, m.group(2));
                }
            }
        }
        return reported;
    }

    @ParameterizedTest(name = "{0} -np {1}")
    @CsvSource({"multicore, 4", "niodev, 2"})
    void aMissingPipelineClassIsReportedOnceNotOncePerRank(String device, int ranks) throws Exception {
        // (a worker's "left" message to rank 0, which has stopped too, may take RankLink's 10 s drain to give up)
        MpjLauncher.Result job = DAEMON.launcher().start(work, options(device, ranks), List.of("PHASOR_MPJ_GRACE", "30"),
                "no.such.Pipeline",
                "--cache", work.resolve("cache").toString()).await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.USAGE, job.exitCode(), job::toString);
        String missing = "pipeline class 'no.such.Pipeline' not found on the classpath";
        List<String> said = (job.out() + job.err()).lines().filter(l -> l.contains(missing) && !l.startsWith("mpjrun: "))
                .toList();
        assertEquals(1, said.size(), job::toString);
        assertTrue(said.get(0).startsWith("phasor: " + missing), job::toString);
        assertTrue(job.err().contains("mpjrun: ranks 0-" + (ranks - 1) + " reported: " + missing), job::toString);
        assertEquals(1, job.err().lines().filter(l -> l.contains(missing)).count(), job::toString);
    }

    private static void awaitDoneSteps(Path cache, int count, int seconds) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (countStatusFiles(cache) < count) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + count + " steps finished within " + seconds + " s");
            MpjLauncher.pollInterval();
        }
    }

    private static long countStatusFiles(Path cache) throws IOException {
        Path dir = cache.resolve("sleepy");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".status")).count();
        }
    }

    /**
     * Under niodev one rank's death drops every connection of the job, so rank 0 loses the surviving worker too:
     * that one stops on its own (with an error the launcher does not hold against the job), and rank 0 finishes
     * the run alone, with the right values.
     */
    @Test
    void aRankKilledMidPhaseOfThreeLeavesRankZeroToFinishTheRunAndTheJobSucceeds() throws Exception {
        Path cache = work.resolve("cache");
        MpjLauncher.Running job = DAEMON.launcher().start(work, options("niodev", 3, "-Dphasor.test.sleepMs=700"),
                List.of(), Sleepy.class.getName(), "--cache", cache.toString());
        long victim = job.rankPid(2, 60);
        awaitDoneSteps(cache, 7, 60); // phase 0 (6 steps) is done and phase 1 is under way
        long killedAt = System.nanoTime();
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
        MpjLauncher.Result result = job.await(JOB_LIMIT_SECONDS);
        double secondsToEnd = (System.nanoTime() - killedAt) / 1e9;

        assertEquals(ExitCodes.OK, result.exitCode(), result::toString);
        assertTrue(result.err().matches("(?s).*mpjrun: ranks? [0-9, -]*2 (was|were) lost mid-run: rank 0 went on.*"),
                result::toString);
        assertFalse(result.err().contains("did not finish"), result::toString);
        assertTrue(secondsToEnd < 30, "the job ended " + secondsToEnd + " s after the kill");
        CacheReader reader = CacheReader.open(cache, "sleepy");
        assertEquals(Sleepy.expectedLast(3, 6), reader.result("last"));
        assertTrue(reader.statuses().stream().allMatch(StepStatus::isDone), () -> reader.statuses().toString());
    }

    /**
     * A rank that hangs (SIGSTOP: alive, connections open, silent) is lost after {@code --mpj-lost-after}; rank 0
     * goes on without it, and the launcher kills its JVM at once, by PID, so that it cannot write again.
     */
    @Test
    void aHungRankIsLostAfterTheLimitItsJvmKilledAndTheRunCompletesWithoutIt() throws Exception {
        Path cache = work.resolve("cache");
        MpjLauncher.Running job = DAEMON.launcher().start(work, options("niodev", 3, "-Dphasor.test.sleepMs=700"),
                List.of("PHASOR_MPJ_GRACE", "2"), Sleepy.class.getName(), "--cache", cache.toString(),
                "--mpj-lost-after", "3");
        long victim = job.rankPid(2, 60);
        try {
            awaitDoneSteps(cache, 3, 60);
            MpjLauncher.sendSignal(victim, "STOP"); // alive, connections open, silent: only heartbeats tell
            MpjLauncher.Result hung = job.await(JOB_LIMIT_SECONDS);

            assertEquals(ExitCodes.OK, hung.exitCode(), hung::toString);
            assertTrue((hung.out() + hung.err()).contains("phasor: rank 2 has been silent for 3."), hung::toString);
            assertTrue(hung.err().contains("mpjrun: rank 2 was lost mid-run and rank 0 went on without it: killed its JVM "
                    + victim), hung::toString);
            assertFalse(ProcessHandle.of(victim).map(ProcessHandle::isAlive).orElse(false), "rank 2's JVM was left");
            assertEquals(Sleepy.expectedLast(3, 6), CacheReader.open(cache, "sleepy").result("last"));
        } finally {
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void monteCarloPiRunsOnEightRanksFromTheDistributionJars() throws Exception {
        Path lib = DAEMON.launcher().repo().resolve("examples/target/lib");
        List<String> jars = new ArrayList<>();
        assumeTrue(Files.isDirectory(lib), "build the distribution first (scripts/build.sh)");
        try (Stream<Path> built = Files.list(DAEMON.launcher().repo().resolve("examples/target"))) {
            built.filter(p -> p.getFileName().toString().matches("phasor-examples-.*(?<!-tests|-sources)\\.jar"))
                    .forEach(p -> jars.add(p.toString()));
        }
        assumeTrue(!jars.isEmpty(), "build the distribution first (scripts/build.sh)");
        jars.add(lib + "/*");
        Path cache = work.resolve("cache");
        List<String> o = List.of("-np", "8", "-timeout", "100", "-cp", String.join(":", jars));

        MpjLauncher.Result job = DAEMON.launcher().start(work, o, List.of(), "dev.phasor.examples.MonteCarloPi",
                "--cache", cache.toString(), "-q").await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.OK, job.exitCode(), job::toString);
        assertEquals(3.141733875, (Double) CacheReader.open(cache, "monte-carlo-pi").result("pi"), 0.0);
        assertEquals(8, CacheReader.open(cache, "monte-carlo-pi").statuses().stream().map(StepStatus::worker)
                .distinct().count(), "every rank sampled");
    }
}
