package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.support.SmallDisk;
import dev.phasor.testkit.DiskFilling;
import dev.phasor.testkit.Sleepy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults on a real Hazelcast cluster ({@code phasor worker} and {@code phasor run} JVMs on
 * 127.0.0.1, every one stopped by PID): a frozen worker (SIGSTOP), a coordinator killed with SIGKILL, and a
 * worker whose shared cache runs out of space.
 * Step bodies count their executions ({@link Sleepy#executions}), so a finished step that ran again fails
 * the test. Timings printed by the tests are the figures of docs/reliability.md (Faults).
 */
class HazelcastFaultsTest {

    private static final Duration READY = Duration.ofSeconds(90);
    /** Short, so the test is quick; the bound below allows for a loaded 2-core machine. */
    private static final int HEARTBEAT_TIMEOUT = 5;
    private static final List<String> HEARTBEAT = List.of("--heartbeat-timeout", Integer.toString(HEARTBEAT_TIMEOUT));

    @TempDir
    Path tmp;
    private WorkerProcesses cluster;

    @BeforeEach
    void setUp() {
        cluster = new WorkerProcesses(tmp);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        cluster.close();
    }

    private static Map<String, byte[]> statusFiles(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path f : all.filter(f -> f.toString().endsWith(".status") || f.toString().endsWith(".step")).toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static Set<String> doneSteps(Path cache) {
        Set<String> done = new TreeSet<>();
        CacheReader.open(cache, "sleepy").statuses().stream().filter(StepStatus::isDone).forEach(s -> done.add(s.step()));
        return done;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aFrozenWorkerIsDroppedByHeartbeatItsStepsRunElsewhereAndItsLateResultsAreIgnored() throws Exception {
        Path counts = tmp.resolve("executions");
        Map<String, String> props = new LinkedHashMap<>(Map.of("phasor.test.phases", "2", "phasor.test.width", "6",
                "phasor.test.sleepMs", "2500", "phasor.test.executions", counts.toString()));
        WorkerProcesses.Worker survivor = cluster.start(props, 2, true, HEARTBEAT);
        cluster.awaitReady(List.of(survivor), 1, READY);
        WorkerProcesses.Worker frozen = cluster.start(props, 2, true, HEARTBEAT); // joins through the survivor
        cluster.awaitReady(List.of(frozen), 2, READY);
        Path cache = tmp.resolve("cache");
        Path dir = cache.resolve("sleepy");
        Path log = tmp.resolve("coordinator.log");
        Process coordinator = cluster.startCoordinator(props, "dev.phasor.testkit.Sleepy", cache, log,
                List.of("--min-workers", "2", "--heartbeat-timeout", Integer.toString(HEARTBEAT_TIMEOUT)));
        try {
            String inFlight = WorkerProcesses.awaitStepInFlight(frozen, dir, READY);
            WorkerProcesses.signal(frozen.process(), "STOP");
            long frozenAt = System.nanoTime();
            String dropped = "worker " + frozen.name() + " left the cluster";
            WorkerProcesses.awaitTrue(() -> WorkerProcesses.read(log).contains(dropped), Duration.ofSeconds(60),
                    () -> "the frozen worker was not dropped:\n" + WorkerProcesses.read(log));
            double detectSeconds = (System.nanoTime() - frozenAt) / 1e9;
            assertTrue(coordinator.waitFor(90, TimeUnit.SECONDS), "the run ends without the frozen worker");
            String out = WorkerProcesses.read(log);

            assertEquals(0, coordinator.exitValue(), out);
            // detection is Hazelcast's: no heartbeat for the timeout, checked every heartbeat interval
            assertTrue(detectSeconds < HEARTBEAT_TIMEOUT + 15, "dropped after " + detectSeconds + " s");
            CacheReader reader = CacheReader.open(cache, "sleepy");
            assertEquals(Sleepy.expectedLast(2, 6), reader.result("last"));
            assertTrue(reader.statuses().stream().allMatch(StepStatus::isDone), reader::summary);
            StepStatus redone = reader.status(inFlight);
            assertEquals(survivor.name(), redone.worker(), "the frozen worker's step ran again elsewhere");
            assertEquals(2, redone.attempt());
            long redispatched = reader.statuses().stream().filter(s -> s.attempt() == 2).count();
            System.out.printf("frozen worker: dropped %.1f s after SIGSTOP (--heartbeat-timeout %d); %d step(s)"
                    + " dispatched again to %s%n", detectSeconds, HEARTBEAT_TIMEOUT, redispatched, survivor.name());

            // The frozen worker wakes up: its steps end at once (their sleep is over) with stale results.
            Map<String, byte[]> before = statusFiles(dir);
            WorkerProcesses.signal(frozen.process(), "CONT");
            // superseded on disk, or released first (the woken worker also sees its coordinator gone): either way
            // its result is not kept
            WorkerProcesses.awaitTrue(() -> frozen.output().contains(inFlight + " (attempt 1) ended, its result not"
                    + " kept"), Duration.ofSeconds(30), () -> "the woken worker:\n" + frozen.output());
            Map<String, byte[]> after = statusFiles(dir);
            assertEquals(before.keySet(), after.keySet());
            before.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, after.get(name)),
                    () -> name + " was overwritten by the woken worker:\n" + frozen.output()));
            assertEquals(survivor.name(), CacheReader.open(cache, "sleepy").status(inFlight).worker());
            Map<String, Integer> executions = Sleepy.executions(counts);
            assertTrue(executions.get(inFlight) <= 2, executions::toString);
            assertEquals(13, executions.size(), executions::toString);
            assertTrue(executions.values().stream().allMatch(n -> n == 1 || n == 2), executions::toString);
        } finally {
            if (frozen.process().isAlive()) {
                WorkerProcesses.signal(frozen.process(), "CONT");
                frozen.process().destroyForcibly();
                frozen.process().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aCoordinatorKilledMidPhaseIsRunAgainResumingExactlyAfterTakingOverItsLock() throws Exception {
        Path counts = tmp.resolve("executions");
        Map<String, String> props = new LinkedHashMap<>(Map.of("phasor.test.phases", "3", "phasor.test.width", "4",
                "phasor.test.sleepMs", "1500", "phasor.test.executions", counts.toString()));
        WorkerProcesses.Worker worker = cluster.start(props, 2, true, HEARTBEAT);
        cluster.awaitReady(List.of(worker), 1, READY);
        Path cache = tmp.resolve("cache");
        Path dir = cache.resolve("sleepy");
        Path firstLog = tmp.resolve("first.log");
        Process first = cluster.startCoordinator(props, "dev.phasor.testkit.Sleepy", cache, firstLog, HEARTBEAT);
        WorkerProcesses.awaitTrue(() -> doneCount(dir) >= 5, READY,
                () -> "phase 1 did not start:\n" + WorkerProcesses.read(firstLog));
        first.destroyForcibly(); // SIGKILL: no hook, no release, no unlock
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        long killedAt = System.nanoTime();
        WorkerProcesses.awaitTrue(() -> worker.output().contains("released: its coordinator left the cluster"),
                Duration.ofSeconds(60), () -> "the worker kept the dead coordinator's run:\n" + worker.output());
        double releasedSeconds = (System.nanoTime() - killedAt) / 1e9;
        Set<String> doneBefore = doneSteps(cache);
        assertTrue(doneBefore.size() >= 5 && !doneBefore.contains("last"), doneBefore::toString);

        Path secondLog = tmp.resolve("second.log");
        Process second = cluster.startCoordinator(props, "dev.phasor.testkit.Sleepy", cache, secondLog, HEARTBEAT);
        assertTrue(second.waitFor(90, TimeUnit.SECONDS), "the re-run ends");
        String out = WorkerProcesses.read(secondLog);

        assertEquals(0, second.exitValue(), out);
        assertTrue(out.contains("taking over the lock of cache " + dir + " left by pid " + first.pid()), out);
        assertEquals(Sleepy.expectedLast(3, 4), CacheReader.open(cache, "sleepy").result("last"));
        Map<String, Integer> executions = Sleepy.executions(counts);
        assertEquals(13, executions.size(), executions::toString);
        for (String step : doneBefore) {
            assertEquals(1, executions.get(step), step + " was done before the re-run and ran again: " + executions);
        }
        assertTrue(executions.values().stream().allMatch(n -> n == 1 || n == 2), executions::toString);
        System.out.printf("killed coordinator: its worker released the run %.1f s later; the re-run reused %d"
                + " finished steps%n", releasedSeconds, doneBefore.size());
    }

    /** Long (three JVMs): the default run proves the full disk on the local and MPJ backends. */
    @Test
    @Tag("long")
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aResultThatFillsTheDiskOfAWorkerFailsItsStepAndLeavesCachedResultsIntact() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 2)) {
            WorkerProcesses.Worker worker = cluster.start(Map.of(), 2, false, HEARTBEAT);
            cluster.awaitReady(List.of(worker), 1, READY);
            Path cache = disk.dir().resolve("cache");
            Process first = cluster.startCoordinator(Map.of(), DiskFilling.class.getName(), cache,
                    tmp.resolve("first.log"), List.of("--until", "big"));
            assertTrue(first.waitFor(90, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), WorkerProcesses.read(tmp.resolve("first.log")));
            Map<String, byte[]> before = SmallDisk.results(cache.resolve("disk"));
            assertEquals(4, before.size(), before::toString);

            Path log = tmp.resolve("full.log");
            Process full = cluster.startCoordinator(Map.of(), DiskFilling.class.getName(), cache, log, List.of());
            assertTrue(full.waitFor(90, TimeUnit.SECONDS));
            String out = WorkerProcesses.read(log);

            assertEquals(1, full.exitValue(), out);
            StepStatus big = CacheReader.open(cache, "disk").status("big");
            assertEquals(StepStatus.FAILED, big.status(), big::toString);
            assertTrue(big.errorMessage().contains("No space left on device"), big::toString);
            assertEquals(worker.name(), big.worker());
            assertTrue(out.contains("big") && out.contains("No space left on device"), out);
            SmallDisk.assertUnchanged(before, cache.resolve("disk"));
            assertEquals(42, CacheReader.open(cache, "disk").result("a"));
            assertTrue(worker.process().isAlive(), "the worker survives a full disk");
        }
    }

    private static long doneCount(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".status")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
