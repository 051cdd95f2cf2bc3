package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Pipeline;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheLock;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cli.Cli;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.testkit.Diamond;
import dev.phasor.testkit.Sleepy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The hazelcast backend against real {@code phasor worker} JVMs on 127.0.0.1. The coordinator runs in
 * this JVM through the command line, so this JVM gets the same phasor.test.* properties as the workers.
 */
class HazelcastBackendTest {

    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private WorkerProcesses cluster;
    private final List<String> properties = new ArrayList<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() {
        cluster = new WorkerProcesses(tmp);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        background.shutdownNow(); // interrupts a coordinator still running: it aborts and leaves
        background.awaitTermination(30, TimeUnit.SECONDS);
        cluster.close();
        properties.forEach(System::clearProperty);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsAMultiPhasePipelineOnThreeWorkersWithTheLocalBackendsResultsAndStatuses() throws Exception {
        Map<String, String> props = testProperties("phasor.test.width", "8");
        // the first worker up before the others, so that they join it rather than form clusters of their own
        WorkerProcesses.Worker first = cluster.start(props, 2, false);
        cluster.awaitReady(List.of(first), 1, READY);
        List<WorkerProcesses.Worker> workers = List.of(first, cluster.start(props, 2, false),
                cluster.start(props, 2, false));
        cluster.awaitReady(workers, 3, READY);

        Path cache = tmp.resolve("hz");
        RunResult diamond = runOnCluster("dev.phasor.testkit.Diamond", cache, "--min-workers", "3");
        assertEquals(0, diamond.exitCode, diamond.err);
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        Set<String> used = reader.statuses().stream().map(StepStatus::worker).collect(Collectors.toSet());
        assertEquals(workers.stream().map(WorkerProcesses.Worker::name).collect(Collectors.toSet()), used,
                "every worker gets steps");

        Path local = tmp.resolve("local");
        assertEquals(0, run("dev.phasor.testkit.Diamond", local, "--backend", "local").exitCode);
        assertSameOutcomes(local, cache, "diamond");

        // The same workers serve the next runs: a pipeline with a failure, then results over the network.
        RunResult failing = runOnCluster("dev.phasor.testkit.Failing", cache);
        assertEquals(1, failing.exitCode, failing.err);
        assertEquals(1, run("dev.phasor.testkit.Failing", local, "--backend", "local").exitCode);
        assertSameOutcomes(local, cache, "failing");

        Path carried = tmp.resolve("carried");
        assertEquals(0, runOnCluster("dev.phasor.testkit.Diamond", carried, "--results-over-network").exitCode);
        assertSameOutcomes(local, carried, "diamond");
        assertEquals(1, runOnCluster("dev.phasor.testkit.Failing", carried, "--results-over-network").exitCode);
        assertSameOutcomes(local, carried, "failing");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void givesWorkToAWorkerThatJoinsMidRun() throws Exception {
        Map<String, String> props = testProperties("phasor.test.phases", "4", "phasor.test.width", "8",
                "phasor.test.sleepMs", "1000");
        WorkerProcesses.Worker first = cluster.start(props, 1, false);
        cluster.awaitReady(List.of(first), 1, READY);
        Path cache = tmp.resolve("cache");

        Future<RunResult> run = background.submit(() -> runOnCluster("dev.phasor.testkit.Sleepy", cache));
        WorkerProcesses.awaitTrue(() -> hasStatusFile(cache.resolve("sleepy")), READY, () -> "no step finished");
        WorkerProcesses.Worker late = cluster.start(props, 3, false);
        RunResult result = run.get(90, TimeUnit.SECONDS);

        assertEquals(0, result.exitCode, result.err);
        CacheReader reader = CacheReader.open(cache, "sleepy");
        assertEquals(Sleepy.expectedLast(4, 8), reader.result("last"));
        assertTrue(reader.statuses().stream().anyMatch(s -> late.name().equals(s.worker())),
                "the late worker ran steps:\n" + reader.summary());
        assertTrue(result.err.contains("worker " + late.name() + " joined the run"), result.err);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void refusesByNameAWorkerThatBuildsAnotherPipelineAndKeepsOtherClustersOut() throws Exception {
        Map<String, String> props = testProperties("phasor.test.width", "8");
        WorkerProcesses.Worker agrees = cluster.start(props, 2, false);
        WorkerProcesses.Worker differs = cluster.start(Map.of("phasor.test.width", "9"), 2, false);
        cluster.awaitReady(List.of(agrees, differs), 2, READY);
        String difference = diamond(8).firstDifference(diamond(9).signature());

        Path cache = tmp.resolve("cache");
        RunResult result = runOnCluster("dev.phasor.testkit.Diamond", cache);
        assertEquals(0, result.exitCode, result.err);
        assertTrue(result.err.contains("refusing worker " + differs.name() + ": it builds another pipeline: "
                + difference), result.err);
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        assertTrue(reader.statuses().stream().allMatch(s -> agrees.name().equals(s.worker())));

        RunResult intruder = runOnCluster("another-" + cluster.clusterName, "dev.phasor.testkit.Diamond",
                tmp.resolve("intruder"), "--worker-wait", "1");
        assertEquals(4, intruder.exitCode, intruder.err);
        assertTrue(intruder.err.contains("refused this coordinator: their cluster has another name than 'another-"),
                "not let in, and told why: " + intruder.err);

        testProperties("phasor.test.width", "10"); // now no worker agrees with the coordinator
        RunResult refused = runOnCluster("dev.phasor.testkit.Diamond", tmp.resolve("other"));
        assertEquals(4, refused.exitCode, refused.err);
        assertTrue(refused.err.contains("no worker agrees on pipeline 'diamond'"), refused.err);
        assertTrue(refused.err.contains("refused " + agrees.name()), refused.err);
        assertTrue(refused.err.contains("refused " + differs.name()), refused.err);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void endsTheRunWhenNoWorkerIsLeftAndAReRunResumesOnANewWorker() throws Exception {
        Map<String, String> props = testProperties("phasor.test.phases", "2", "phasor.test.width", "4",
                "phasor.test.sleepMs", "1500");
        WorkerProcesses.Worker only = cluster.start(props, 2, true);
        cluster.awaitReady(List.of(only), 1, READY);
        Path cache = tmp.resolve("cache");
        Path dir = cache.resolve("sleepy");

        Future<RunResult> run = background.submit(() -> runOnCluster("dev.phasor.testkit.Sleepy", cache,
                "--worker-wait", "2"));
        WorkerProcesses.awaitTrue(() -> hasStatusFile(dir), READY, () -> "no step finished");
        awaitStepInFlight(only, dir);
        cluster.kill(only);
        RunResult lost = run.get(60, TimeUnit.SECONDS);

        assertEquals(4, lost.exitCode, lost.err);
        assertTrue(lost.err.contains("no worker left in cluster '" + cluster.clusterName + "'"), lost.err);
        Map<String, StepStatus> doneBefore = doneStatuses(cache, "sleepy");
        assertTrue(!doneBefore.isEmpty() && doneBefore.size() < 9, "some steps finished: " + doneBefore.keySet());

        cluster.awaitReady(List.of(cluster.start(props, 2, false)), 1, READY);
        RunResult resumed = runOnCluster("dev.phasor.testkit.Sleepy", cache);
        assertEquals(0, resumed.exitCode, resumed.err);
        assertEquals(Sleepy.expectedLast(2, 4), CacheReader.open(cache, "sleepy").result("last"));
        Map<String, StepStatus> doneAfter = doneStatuses(cache, "sleepy");
        doneBefore.forEach((step, before) -> assertEquals(before, doneAfter.get(step), "kept, not run again: " + step));
        // a step the kill cut between its result and its status is reused too, its result being valid
        long recovered = doneAfter.values().stream()
                .filter(s -> !doneBefore.containsKey(s.step()) && "recovered".equals(s.worker())).count();
        assertTrue(resumed.out.contains(doneBefore.size() + recovered + " cached"), recovered + " recovered: "
                + resumed.out);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void stopsOnSigtermKeepingFinishedResultsAndReleasingLockAndWorkers() throws Exception {
        Map<String, String> props = testProperties("phasor.test.phases", "3", "phasor.test.width", "4",
                "phasor.test.sleepMs", "1500");
        WorkerProcesses.Worker worker = cluster.start(props, 2, true);
        cluster.awaitReady(List.of(worker), 1, READY);
        Path cache = tmp.resolve("cache");
        Path dir = cache.resolve("sleepy");

        Path coordinatorLog = tmp.resolve("coordinator.log");
        Process coordinator = cluster.startCoordinator(props, "dev.phasor.testkit.Sleepy", cache, coordinatorLog);
        WorkerProcesses.awaitTrue(() -> hasStatusFile(dir), READY,
                () -> "no step finished; coordinator:\n" + WorkerProcesses.read(coordinatorLog));
        awaitStepInFlight(worker, dir);
        coordinator.destroy(); // SIGTERM, which the JVM handles like Ctrl-C
        assertTrue(coordinator.waitFor(30, TimeUnit.SECONDS), "the coordinator stops");
        String log = WorkerProcesses.read(coordinatorLog);
        assertNotEquals(0, coordinator.exitValue(), log);

        assertTrue(Files.exists(dir.resolve("pipeline.summary")), log);
        CacheLayout layout = new CacheLayout(cache.toAbsolutePath(), "sleepy");
        assertDoesNotThrow(() -> CacheLock.acquire(layout).close(), "the coordinator released the cache lock");
        WorkerProcesses.awaitTrue(() -> worker.output().contains("released: aborted"), READY,
                () -> "the worker was not released:\n" + worker.output());
        Map<String, StepStatus> doneBefore = doneStatuses(cache, "sleepy");
        assertTrue(!doneBefore.isEmpty(), log);

        RunResult resumed = runOnCluster("dev.phasor.testkit.Sleepy", cache);
        assertEquals(0, resumed.exitCode, resumed.err);
        assertEquals(Sleepy.expectedLast(3, 4), CacheReader.open(cache, "sleepy").result("last"));
        assertTrue(resumed.out.contains(doneBefore.size() + " cached"), resumed.out);
    }

    // ---- helpers

    /** Sets system properties in this JVM (the coordinator builds the pipeline here) and returns them for workers. */
    private Map<String, String> testProperties(String... keyValues) {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
            System.setProperty(keyValues[i], keyValues[i + 1]);
            properties.add(keyValues[i]);
        }
        return props;
    }

    private record RunResult(int exitCode, String out, String err) {
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsATreeAndADynamicPipelineOnTwoWorkersWithTheLocalBackendsOutcomes() throws Exception {
        List<WorkerProcesses.Worker> workers = List.of(cluster.start(Map.of(), 2, false), cluster.start(Map.of(), 2, false));
        cluster.awaitReady(workers, 1, READY);
        Path cache = tmp.resolve("hz");
        Path local = tmp.resolve("local");

        assertEquals(1, runOnCluster("dev.phasor.testkit.FailingTree", cache).exitCode);
        assertEquals(1, run("dev.phasor.testkit.FailingTree", local, "--backend", "local").exitCode);
        assertSameOutcomes(local, cache, "failing-tree");

        RunResult dynamic = runOnCluster("dev.phasor.testkit.Dynamic", cache);
        assertEquals(0, dynamic.exitCode, dynamic.err);
        assertEquals(0, run("dev.phasor.testkit.Dynamic", local, "--backend", "local").exitCode);
        assertSameOutcomes(local, cache, "dynamic"); // workers re-applied the expansions: same steps, same values
        assertEquals(91, CacheReader.open(cache, "dynamic").result("total"));
    }

    private RunResult runOnCluster(String pipelineClass, Path cache, String... extra) {
        return runOnCluster(cluster.clusterName, pipelineClass, cache, extra);
    }

    private RunResult runOnCluster(String clusterName, String pipelineClass, Path cache, String... extra) {
        List<String> args = new ArrayList<>(List.of("--backend", "hazelcast", "--join", cluster.joinList(),
                "--cluster-name", clusterName, "--bind", "127.0.0.1",
                "--port", String.valueOf(cluster.coordinatorPort)));
        args.addAll(Arrays.asList(extra));
        // The backend warns on System.err (see HazelcastOptions.err): copy it for the assertions. No step
        // runs in this JVM, so the local backend's output capture is not installed meanwhile.
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, warnings), true, StandardCharsets.UTF_8));
        try {
            RunResult r = run(pipelineClass, cache, args.toArray(String[]::new));
            return new RunResult(r.exitCode, r.out, warnings.toString(StandardCharsets.UTF_8) + r.err);
        } finally {
            System.setErr(original);
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
        }
    }

    private static RunResult run(String pipelineClass, Path cache, String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(null);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("run", pipelineClass, "--cache", cache.toString()));
        args.addAll(Arrays.asList(extra));
        int code = cl.execute(args.toArray(String[]::new));
        return new RunResult(code, out.toString(), err.toString());
    }

    private static String awaitStepInFlight(WorkerProcesses.Worker worker, Path dir) {
        return WorkerProcesses.awaitStepInFlight(worker, dir, READY);
    }

    private static boolean hasStatusFile(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".status"));
        } catch (IOException e) {
            return false; // not created yet
        }
    }

    private static Map<String, StepStatus> doneStatuses(Path cache, String pipeline) {
        Map<String, StepStatus> done = new LinkedHashMap<>();
        CacheReader.open(cache, pipeline).statuses().stream().filter(StepStatus::isDone)
                .forEach(s -> done.put(s.step(), s));
        return done;
    }

    /** Same status per step, same value for every done step, same error type or blamed step otherwise. */
    private static void assertSameOutcomes(Path expectedCache, Path actualCache, String pipeline) {
        CacheReader expected = CacheReader.open(expectedCache, pipeline);
        CacheReader actual = CacheReader.open(actualCache, pipeline);
        assertEquals(expected.steps(), actual.steps());
        for (String step : expected.steps()) {
            StepStatus e = expected.status(step);
            StepStatus a = actual.status(step);
            assertEquals(e.status(), a.status(), "status of " + step);
            assertEquals(e.errorType(), a.errorType(), "error of " + step);
            assertEquals(e.blamedStep(), a.blamedStep(), "blamed step of " + step);
            if (e.isDone()) {
                assertEquals(expected.result(step), actual.result(step), "result of " + step);
                assertNotEquals("local", a.worker().substring(0, Math.min(5, a.worker().length())), step);
            }
        }
    }

    private PreparedPipeline diamond(int width) {
        String before = System.getProperty("phasor.test.width");
        System.setProperty("phasor.test.width", String.valueOf(width));
        try {
            Pipeline p = new Diamond().define();
            return PreparedPipeline.prepare(p, Diamond.class.getClassLoader(), tmp.resolve("scratch"));
        } finally {
            System.setProperty("phasor.test.width", before);
        }
    }
}
