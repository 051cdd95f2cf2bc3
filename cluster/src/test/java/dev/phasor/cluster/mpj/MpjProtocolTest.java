package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.phasor.Phasor;
import dev.phasor.api.BackendException;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.RunAbortedException;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.backend.WorkerSession;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import dev.phasor.run.Coordinator;
import dev.phasor.testkit.Diamond;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.Sleepy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mpj backend's protocol with every rank a thread of this JVM, over {@link LoopbackComm}: the same
 * classes as under MPJ Express but {@link MpjComm}. Fast, so the many paths are tested here;
 * {@link MpjJobTest} runs real MPJ jobs.
 */
@Timeout(60)
class MpjProtocolTest {

    @TempDir
    Path cache;

    private final ExecutorService ranks = Executors.newCachedThreadPool();

    @AfterEach
    void stopRanks() {
        ranks.shutdownNow();
        System.clearProperty("phasor.test.width");
        System.clearProperty("phasor.test.sleepMs");
    }

    /** How one rank's part of a run ended: rank 0's report, or the exception that ended the rank. */
    private record Outcome(int rank, RunReport report, RuntimeException failure) {
    }

    private static PreparedPipeline prepare(Class<? extends PipelineDefinition> type, Path cache) {
        PipelineSource.Loaded loaded = new PipelineSource(type.getName(), List.of()).load(type.getClassLoader());
        return PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cache);
    }

    private static PreparedPipeline diamond(int width, Path cache) {
        System.setProperty("phasor.test.width", Integer.toString(width));
        try {
            return prepare(Diamond.class, cache);
        } finally {
            System.clearProperty("phasor.test.width");
        }
    }

    private static MpjOptions options(double lostAfterSeconds, boolean staticAssignment) {
        MpjOptions o = new MpjOptions();
        o.lostAfterSeconds = lostAfterSeconds;
        o.staticAssignment = staticAssignment;
        return o;
    }

    /** Starts {@code world.size()} ranks, rank r running the pipeline {@code builds} gives for r. */
    private List<Future<Outcome>> start(LoopbackComm.World world, IntFunction<PreparedPipeline> builds, MpjOptions options) {
        return start(world, builds, options, r -> null);
    }

    /** As {@link #start(LoopbackComm.World, IntFunction, MpjOptions)}, rank r sealing with {@code secrets}' r (or not: null). */
    private List<Future<Outcome>> start(LoopbackComm.World world, IntFunction<PreparedPipeline> builds, MpjOptions options,
            IntFunction<SharedSecret> secrets) {
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int r = 0; r < world.size(); r++) {
            int rank = r;
            PreparedPipeline prepared = builds.apply(rank);
            SharedSecret secret = secrets.apply(rank);
            futures.add(ranks.submit(() -> runRank(world, rank, prepared, options, secret)));
        }
        return futures;
    }

    private static Outcome runRank(LoopbackComm.World world, int rank, PreparedPipeline prepared, MpjOptions options) {
        return runRank(world, rank, prepared, options, null);
    }

    private static Outcome runRank(LoopbackComm.World world, int rank, PreparedPipeline prepared, MpjOptions options,
            SharedSecret secret) {
        RankLink link = RankLink.start(world.comm(rank), new LinkGate(rank, world.size(), new MessageCodec(), secret,
                r -> "rank " + r));
        MpjRuntime runtime = new MpjRuntime(link);
        try (MpjBackend backend = new MpjBackend(runtime, options, false)) {
            if (backend.isCoordinator()) {
                PipelineSource source = new PipelineSource(prepared.pipeline().name(), List.of());
                return new Outcome(rank, new Coordinator(prepared, source, RunListener.NONE).run(backend), null);
            }
            backend.serve(new WorkerSession(prepared));
            return new Outcome(rank, null, null);
        } catch (RuntimeException e) {
            return new Outcome(rank, null, e);
        } finally {
            link.close();
        }
    }

    private static List<Outcome> await(List<Future<Outcome>> futures, int seconds) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                fail("rank " + outcomes.size() + " did not end within " + seconds + " s");
            }
        }
        return outcomes;
    }

    /** Aborted ranks let a running step finish; waits (bounded) until every rank's step thread has ended. */
    private static void awaitStepThreadsEnded() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("phasor-mpj-rank-") && t.isAlive())) {
            assertTrue(System.nanoTime() < deadline, "step threads still running 10 s after the run stopped");
            MpjLauncher.pollInterval();
        }
    }

    private static Map<String, Integer> codes(RunReport report) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        report.statuses().forEach(s -> codes.put(s.step(), s.status()));
        return codes;
    }

    private static Map<String, Object> values(RunReport report) {
        Map<String, Object> values = new LinkedHashMap<>();
        report.statuses().stream().filter(StepStatus::isDone).forEach(s -> values.put(s.step(), report.result(s.step())));
        return values;
    }

    @Test
    void diamondOnThreeRanksGivesTheValuesAndStatusesOfTheLocalBackend() throws Exception {
        RunReport local = Phasor.runner().cache(cache.resolve("local")).threads(2).run(Diamond.class);
        PreparedPipeline prepared = prepare(Diamond.class, cache.resolve("mpj"));

        List<Outcome> outcomes = await(start(new LoopbackComm.World(3), r -> prepared, options(30, false)), 30);

        RunReport report = outcomes.get(0).report();
        assertEquals(ExitCodes.OK, report.exitCode(), report::summary);
        assertEquals(Diamond.expectedTotal(8), report.result("total"));
        assertEquals(codes(local), codes(report));
        assertEquals(values(local), values(report));
        for (int rank = 0; rank < 3; rank++) {
            String worker = "mpj:rank-" + rank;
            assertTrue(report.statuses().stream().anyMatch(s -> worker.equals(s.worker())), worker + " ran nothing");
        }
        assertNull(outcomes.get(1).failure());
        assertNull(outcomes.get(2).failure());
    }

    @Test
    void diamondWithEveryRankSealingItsLinkGivesTheValuesOfARunInTheClear() throws Exception {
        PreparedPipeline clear = prepare(Diamond.class, cache.resolve("clear"));
        RunReport inClear = await(start(new LoopbackComm.World(3), r -> clear, options(30, false)), 30).get(0).report();
        PreparedPipeline prepared = prepare(Diamond.class, cache.resolve("sealed"));
        SharedSecret secret = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));

        List<Outcome> outcomes = await(start(new LoopbackComm.World(3), r -> prepared, options(30, false), r -> secret), 30);

        RunReport report = outcomes.get(0).report();
        assertEquals(ExitCodes.OK, report.exitCode(), report::summary);
        assertEquals(codes(inClear), codes(report));
        assertEquals(values(inClear), values(report));
        assertTrue(report.statuses().stream().anyMatch(s -> "mpj:rank-2".equals(s.worker())), "rank 2 ran nothing");
        assertNull(outcomes.get(1).failure());
        assertNull(outcomes.get(2).failure());
    }

    @Test
    void aWorkerWithAnotherSecretStopsTheRunAtOnceEveryRankNamingBothSecrets() throws Exception {
        PreparedPipeline prepared = diamond(4, cache);
        SharedSecret a = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
        SharedSecret b = SharedSecret.of("another secret of twenty".getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();

        List<Outcome> outcomes = await(start(new LoopbackComm.World(3), r -> prepared, options(30, false),
                r -> r == 2 ? b : a), 30);
        double seconds = (System.nanoTime() - t0) / 1e9;

        String same = ": give every rank the same --secret-file (or PHASOR_SECRET_FILE)";
        BackendException atZero = assertInstanceOf(BackendException.class, outcomes.get(0).failure());
        assertEquals("rank 0 refused a Knock message from rank 2: it is sealed with secret " + b.id() + ", and this rank's"
                + " is " + a.id() + same, atZero.getMessage());
        RunAbortedException atOne = assertInstanceOf(RunAbortedException.class, outcomes.get(1).failure());
        assertEquals(atZero.getMessage(), atOne.getMessage());
        assertEquals(ExitCodes.BACKEND, atOne.exitCode());
        BackendException atTwo = assertInstanceOf(BackendException.class, outcomes.get(2).failure());
        assertEquals("rank 0 refused the frames of rank 2: its secret is " + a.id() + ", and this rank's is " + b.id()
                + same, atTwo.getMessage());
        assertTrue(seconds < 10, "ended after " + seconds + " s; the silence limit is 30 s, the hello's 60 s");
        assertFalse(Files.exists(prepared.layout().schemaFile()), "nothing is written by a run that could not open");
    }

    @Test
    void aFailingStepFailsAloneAndItsDownstreamIsSkippedAsOnTheLocalBackend() throws Exception {
        RunReport local = Phasor.runner().cache(cache.resolve("local")).run(Failing.class);
        PreparedPipeline prepared = prepare(Failing.class, cache.resolve("mpj"));

        RunReport report = await(start(new LoopbackComm.World(2), r -> prepared, options(30, false)), 30).get(0).report();

        assertEquals(ExitCodes.STEP_FAILED, report.exitCode());
        assertEquals(codes(local), codes(report));
        assertEquals(Map.of("boom", 1, "after_boom", 2, "after_after", 2, "mixed", 2, "ok_1", 0, "ok_2", 0, "ok_3", 0),
                codes(report));
        assertEquals("boom", report.status("after_after").blamedStep());
        assertEquals(3, report.result("ok_3"));
    }

    @Test
    void staticAssignmentRunsStepIOfEveryPhaseOnRankIModSize() throws Exception {
        PreparedPipeline prepared = diamond(8, cache);

        RunReport report = await(start(new LoopbackComm.World(3), r -> prepared, options(30, true)), 30).get(0).report();

        assertEquals(ExitCodes.OK, report.exitCode(), report::summary);
        for (int i = 0; i < 8; i++) {
            assertEquals("mpj:rank-" + i % 3, report.status("source_" + i).worker());
            assertEquals("mpj:rank-" + i % 3, report.status("middle_" + i).worker());
        }
        assertEquals("mpj:rank-0", report.status("total").worker());
    }

    @Test
    void aRankThatBuiltAnotherPipelineStopsEveryRankNamingItAndTheFirstDifferingStep() throws Exception {
        PreparedPipeline eight = diamond(8, cache);
        PreparedPipeline six = diamond(6, cache);

        List<Outcome> outcomes = await(start(new LoopbackComm.World(3), r -> r == 2 ? six : eight, options(30, false)), 30);

        BackendException e = assertInstanceOf(BackendException.class, outcomes.get(0).failure());
        assertEquals("rank 2 built a different pipeline than rank 0: step #7 is 'source_6' here but 'middle_0' in the"
                + " worker's build; every rank must run the same pipeline class, jars and options", e.getMessage());
        for (int rank = 1; rank < 3; rank++) {
            RunAbortedException aborted = assertInstanceOf(RunAbortedException.class, outcomes.get(rank).failure());
            assertEquals(e.getMessage(), aborted.getMessage());
            assertEquals(ExitCodes.BACKEND, aborted.exitCode());
        }
        assertFalse(Files.exists(eight.layout().schemaFile()), "nothing may be written before the ranks agree");
    }

    @Test
    void aSchemaConflictSeenByRankZeroStopsEveryRankWithTheSameMessageAndExitCode3() throws Exception {
        System.setProperty("phasor.test.width", "4");
        assertEquals(ExitCodes.OK, Phasor.runner().cache(cache).run(Diamond.class).exitCode());
        PreparedPipeline eight = diamond(8, cache);
        long summaryWritten = Files.getLastModifiedTime(eight.layout().summaryFile()).toMillis();

        List<Outcome> outcomes = await(start(new LoopbackComm.World(3), r -> eight, options(30, false)), 30);

        SchemaConflictException conflict = assertInstanceOf(SchemaConflictException.class, outcomes.get(0).failure());
        assertTrue(conflict.getMessage().contains("holds the results of a different definition of pipeline 'diamond'"),
                conflict.getMessage());
        for (int rank = 1; rank < 3; rank++) {
            RunAbortedException aborted = assertInstanceOf(RunAbortedException.class, outcomes.get(rank).failure());
            assertEquals(conflict.getMessage(), aborted.getMessage());
            assertEquals(ExitCodes.CACHE, aborted.exitCode());
        }
        assertEquals(summaryWritten, Files.getLastModifiedTime(eight.layout().summaryFile()).toMillis());
    }

    @Test
    void aWorkerThatFallsSilentMidPhaseIsLostAndItsStepsRunAgainOnTheOtherRanks() throws Exception {
        System.setProperty("phasor.test.sleepMs", "300");
        PreparedPipeline prepared = prepare(Sleepy.class, cache);
        LoopbackComm.World world = new LoopbackComm.World(3);

        List<Future<Outcome>> running = start(world, r -> prepared, options(1, false));
        Path firstDone = prepared.layout().statusFile("s0_0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(firstDone) && System.nanoTime() < deadline) {
            MpjLauncher.pollInterval();
        }
        assertTrue(Files.exists(firstDone), "no step finished within 20 s");
        world.kill(2, false);
        List<Outcome> outcomes = await(running, 40);

        RunReport report = outcomes.get(0).report();
        assertNull(outcomes.get(0).failure());
        assertEquals(ExitCodes.OK, report.exitCode(), report::summary);
        assertEquals(Sleepy.expectedLast(3, 6), report.result("last"));
        assertTrue(report.statuses().stream().allMatch(StepStatus::isDone), report::summary);
        assertNull(outcomes.get(1).failure(), "the surviving worker was released normally");
        BackendException orphan = assertInstanceOf(BackendException.class, outcomes.get(2).failure());
        assertTrue(orphan.getMessage().startsWith("rank 2 stops, as it lost rank 0 (the coordinator)"), orphan.getMessage());
        awaitStepThreadsEnded();
    }

    @Test
    void aWorkerThatCouldNotBuildThePipelineStopsTheRunNamingIt() throws Exception {
        PreparedPipeline prepared = diamond(4, cache);
        LoopbackComm.World world = new LoopbackComm.World(2);
        Future<Outcome> zero = ranks.submit(() -> runRank(world, 0, prepared, options(30, false)));
        // What MpjMain does for a worker whose command ends before it serves.
        try (RankLink one = RankLink.start(world.comm(1), new MessageCodec())) {
            one.send(0, new Message.Left("pipeline class 'x.Missing' not found on the classpath", 2));
            Outcome outcome = zero.get(30, TimeUnit.SECONDS);
            BackendException e = assertInstanceOf(BackendException.class, outcome.failure());
            assertEquals("rank 1 could not join the run: pipeline class 'x.Missing' not found on the classpath",
                    e.getMessage());
        }
    }

    /** Every step throws an Error the step executor lets through; each must still be reported. */
    public static final class Erroring implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("erroring");
            for (int i = 0; i < 4; i++) {
                p.step("err_" + i, Erroring::fail);
            }
            return p.build();
        }

        static int fail() {
            throw new InternalError("simulated VM trouble");
        }
    }

    @Test
    void aStepThatThrowsAnErrorIsAFailedStepNotAHang() throws Exception {
        PreparedPipeline prepared = prepare(Erroring.class, cache);

        RunReport report = await(start(new LoopbackComm.World(2), r -> prepared, options(30, false)), 30).get(0).report();

        assertEquals(ExitCodes.STEP_FAILED, report.exitCode());
        for (int i = 0; i < 4; i++) {
            StepStatus s = report.status("err_" + i);
            assertEquals(StepStatus.FAILED, s.status());
            assertEquals("java.lang.InternalError", s.errorType());
        }
    }
}
