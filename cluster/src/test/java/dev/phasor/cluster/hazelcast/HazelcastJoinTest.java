package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.testkit.Diamond;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How users start a cluster: workers and {@code phasor run} launched together from one job script, or the
 * coordinator first, or workers one by one, each worker's --join naming only workers (never the
 * coordinator). Every process is a real JVM on 127.0.0.1.
 */
class HazelcastJoinTest {

    private static final String PIPELINE = "dev.phasor.testkit.Diamond";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final List<WorkerProcesses> clusters = new ArrayList<>();
    private final List<Process> hogs = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process hog : hogs) {
            hog.destroyForcibly();
            hog.waitFor(10, TimeUnit.SECONDS);
        }
        for (WorkerProcesses c : clusters) {
            c.close();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aCoordinatorStartedTogetherWithItsWorkersFindsThemEveryTime() throws Exception {
        for (int round = 0; round < Integer.getInteger("phasor.test.joinRounds", 6); round++) {
            startedTogether("together-" + round);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aCoordinatorStartedTogetherWithItsWorkersFindsThemOnALoadedMachine() throws Exception {
        startCpuHog();
        for (int round = 0; round < 2; round++) {
            startedTogether("loaded-" + round);
        }
    }

    @Test
    @Tag("long")
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void aCoordinatorStartedTogetherWithItsWorkersFindsThemTwentyTimesInARow() throws Exception {
        for (int round = 0; round < 20; round++) {
            startedTogether("twenty-" + round);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aCoordinatorStartedBeforeItsWorkersWaitsForThemAndJoinsTheirCluster() throws Exception {
        Layout l = layout("first");
        Process run = l.cluster.spawn(Map.of(), l.run("--worker-wait", "90"), l.dir.resolve("run.log"));
        Thread.sleep(5_000); // the coordinator is up and waiting before any worker listens
        l.startWorkers();
        assertRanOnWorkers(l, run);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void workersStartedOneByOneAreAllWaitedForUntilMinWorkers() throws Exception {
        Layout l = layout("onebyone");
        l.startWorker(0);
        Process run = l.cluster.spawn(Map.of(), l.run("--min-workers", "2", "--worker-wait", "90"),
                l.dir.resolve("run.log"));
        // the run has joined the first worker (which built the pipeline for it) and waits for a second
        WorkerProcesses.awaitTrue(() -> WorkerProcesses.read(l.workerLog(0)).contains("built pipeline 'diamond'"),
                Duration.ofSeconds(120), () -> WorkerProcesses.read(l.workerLog(0)) + WorkerProcesses.read(l.runLog()));
        assertTrue(run.isAlive(), "the run must wait for --min-workers 2:\n" + WorkerProcesses.read(l.runLog()));
        l.startWorker(1);
        assertRanOnWorkers(l, run);
        List<String> workers = workersUsed(l);
        assertEquals(2, workers.stream().distinct().count(), "both workers serve the run: " + workers);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aMistypedClusterNameIsReportedAtOnceByTheCoordinatorAndTheWorkerNamingTheMembers() throws Exception {
        Layout l = layout("typo");
        l.startWorker(0);
        WorkerProcesses.awaitTrue(() -> WorkerProcesses.read(l.workerLog(0)).contains("ready in cluster"),
                Duration.ofSeconds(90), () -> WorkerProcesses.read(l.workerLog(0)));
        // a second worker with another name joining through the first
        Path strayLog = l.dir.resolve("stray.log");
        l.cluster.spawn(Map.of(), List.of("worker", "--join", l.join(), "--cluster-name", l.name + "x", "--bind",
                "127.0.0.1", "--port", String.valueOf(l.ports[1])), strayLog);
        // a coordinator with a typo: refused as soon as its member has started, not after its --worker-wait
        Process run = l.cluster.spawn(Map.of(), List.of("run", PIPELINE, "--cache", l.cache.toString(), "--backend",
                "hazelcast", "--join", "127.0.0.1:" + l.ports[0], "--cluster-name", l.name + "-typo", "--bind",
                "127.0.0.1", "--worker-wait", "600"), l.runLog());
        assertTrue(run.waitFor(180, TimeUnit.SECONDS), "the coordinator waits out its --worker-wait of 600 s:\n"
                + WorkerProcesses.read(l.runLog()));
        assertEquals(4, run.exitValue(), WorkerProcesses.read(l.runLog()));
        String said = WorkerProcesses.read(l.runLog());
        assertTrue(said.contains("127.0.0.1:" + l.ports[0] + " refused this coordinator: their cluster has another"
                + " name than '" + l.name + "-typo'"), said);
        WorkerProcesses.awaitTrue(() -> WorkerProcesses.read(strayLog).contains("127.0.0.1:" + l.ports[0]
                + " refused this worker: its cluster has another name than '" + l.name + "x'"),
                Duration.ofSeconds(60), () -> WorkerProcesses.read(strayLog));
        WorkerProcesses.awaitTrue(() -> WorkerProcesses.read(l.workerLog(0)).contains("refused a member at 127.0.0.1:"
                + l.ports[1] + ": it asked to join with another cluster name than '" + l.name + "'"),
                Duration.ofSeconds(60), () -> WorkerProcesses.read(l.workerLog(0)));
    }

    /** Two workers and the coordinator launched in the same instant, as one job script does. */
    private void startedTogether(String name) throws Exception {
        Layout l = layout(name);
        l.startWorkers();
        Process run = l.cluster.spawn(Map.of(), l.run("--min-workers", "2", "--worker-wait", "90"), l.runLog());
        assertRanOnWorkers(l, run);
    }

    private void assertRanOnWorkers(Layout l, Process run) throws Exception {
        assertTrue(run.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), "the run did not end:\n"
                + WorkerProcesses.read(l.runLog()));
        assertEquals(0, run.exitValue(), () -> l.name + ": " + WorkerProcesses.read(l.runLog()) + "\nworkers:\n"
                + WorkerProcesses.read(l.workerLog(0)) + WorkerProcesses.read(l.workerLog(1)));
        List<String> used = workersUsed(l);
        assertEquals(17, used.size(), "diamond of width 8: 8 sources, 8 middles, 1 total");
        assertEquals(Diamond.expectedTotal(8), CacheReader.open(l.cache, "diamond").result("total", Long.class));
        for (String w : used) {
            assertTrue(w.startsWith("hz:127.0.0.1:"), "ran on a worker: " + w);
        }
        l.cluster.close();
    }

    /** Where each step of the run ran; every step must be done. */
    private static List<String> workersUsed(Layout l) {
        List<String> workers = new ArrayList<>();
        for (StepStatus s : CacheReader.open(l.cache, "diamond").statuses()) {
            assertEquals(StepStatus.DONE, s.status(), s.step());
            workers.add(s.worker());
        }
        return workers;
    }

    private Layout layout(String name) throws IOException {
        WorkerProcesses cluster = new WorkerProcesses(Files.createDirectories(tmp.resolve(name)));
        clusters.add(cluster);
        return new Layout(cluster, tmp.resolve(name), cluster.clusterName,
                new int[] {WorkerProcesses.freePort(), WorkerProcesses.freePort()}, tmp.resolve(name).resolve("cache"));
    }

    /** Keeps both cores busy for the rest of the test: a JVM spinning two threads, stopped by PID. */
    private void startCpuHog() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), CpuHog.class.getName()));
        hogs.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /** One test cluster: two worker ports, a cluster name, a cache. */
    private record Layout(WorkerProcesses cluster, Path dir, String name, int[] ports, Path cache) {

        String join() {
            return "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        }

        Path workerLog(int i) {
            return dir.resolve("worker-" + i + ".log");
        }

        Path runLog() {
            return dir.resolve("run.log");
        }

        void startWorker(int i) throws IOException {
            cluster.spawn(Map.of(), List.of("worker", "--join", join(), "--cluster-name", name, "--bind", "127.0.0.1",
                    "--port", String.valueOf(ports[i]), "--threads", "2"), workerLog(i));
        }

        void startWorkers() throws IOException {
            startWorker(0);
            startWorker(1);
        }

        List<String> run(String... options) {
            List<String> args = new ArrayList<>(List.of("run", PIPELINE, "--cache", cache.toString(), "--backend",
                    "hazelcast", "--join", join(), "--cluster-name", name, "--bind", "127.0.0.1"));
            args.addAll(List.of(options));
            return args;
        }
    }

    /** The CPU hog's main: two threads spinning until the process is killed. */
    static final class CpuHog {
        public static void main(String[] args) throws InterruptedException {
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    long x = 0;
                    while (true) {
                        x += System.nanoTime() % 7;
                    }
                });
                t.setDaemon(false);
                t.start();
            }
            Thread.currentThread().join();
        }
    }
}
