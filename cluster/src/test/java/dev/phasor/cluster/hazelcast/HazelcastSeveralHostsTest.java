package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cli.Cli;
import dev.phasor.cluster.hosts.TestHosts;
import dev.phasor.testkit.Diamond;
import dev.phasor.testkit.Sleepy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Hazelcast across three test hosts (network namespaces, see {@link TestHosts}): one {@code phasor worker}
 * on hosts 2 and 3, each bound to its host's address and joining the other, and the coordinator
 * ({@code phasor run --backend hazelcast}) on host 1; the cache is the file system every host shares.
 * Skipped where namespaces cannot be made.
 */
class HazelcastSeveralHostsTest {

    private static final Duration READY = Duration.ofSeconds(90);
    /** Each host has its own port space: every worker can use the same port, as on a cluster. */
    private static final int WORKER_PORT = 5701;
    private static final int COORDINATOR_PORT = 5801;
    /** Failure detection: a member silent this long is removed (every member gets {@code --heartbeat-timeout}). */
    private static final int HEARTBEAT_TIMEOUT_S = 5;
    private static final List<String> HEARTBEAT = List.of("--heartbeat-timeout", Integer.toString(HEARTBEAT_TIMEOUT_S));
    private static final int STEP_MS = 7000;
    private static final Pattern READY_LINE = Pattern.compile("ready in cluster '.*' with \\d+ threads \\((\\d+) members\\)");
    private static final Pattern STARTED = Pattern.compile("run \\w+: (\\S+) \\(attempt 1\\) started");

    @RegisterExtension
    static final TestHosts HOSTS = new TestHosts(3);

    @TempDir
    Path tmp;

    private final String clusterName = "phasor-hosts-" + UUID.randomUUID();
    private final List<String> properties = new ArrayList<>();

    @AfterEach
    void clearProperties() {
        properties.forEach(System::clearProperty);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void runsPipelinesOnWorkersOfTwoHostsWithTheLocalBackendsOutcomes() throws Exception {
        Map<String, String> props = testProperties("phasor.test.width", "8");
        List<Worker> workers = List.of(startWorker(HOSTS.host(2), props, false), startWorker(HOSTS.host(3), props, false));
        awaitReady(workers);

        Path cache = tmp.resolve("hz");
        Coordinator diamond = startCoordinator(props, "dev.phasor.testkit.Diamond", cache, "--min-workers", "2");
        assertEquals(0, diamond.await(90), diamond::log);
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        assertEquals(workers.stream().map(Worker::name).collect(Collectors.toSet()),
                reader.statuses().stream().map(StepStatus::worker).collect(Collectors.toSet()), "both hosts ran steps");

        Path local = tmp.resolve("local");
        assertEquals(0, runLocally("dev.phasor.testkit.Diamond", local).exitCode);
        assertEquals(outcomes(CacheReader.open(local, "diamond")), outcomes(reader));

        Coordinator failing = startCoordinator(props, "dev.phasor.testkit.Failing", cache);
        assertEquals(1, failing.await(90), failing::log);
        assertEquals(1, runLocally("dev.phasor.testkit.Failing", local).exitCode);
        assertEquals(outcomes(CacheReader.open(local, "failing")), outcomes(CacheReader.open(cache, "failing")));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aHostCutOffMidPhaseIsDetectedItsStepsRunElsewhereAndItsReturnCorruptsNothing() throws Exception {
        // Steps outlast the detection, so the cut-off host's steps are still running when they are given to the
        // other host; one step per worker thread in a phase.
        Map<String, String> props = testProperties("phasor.test.phases", "2", "phasor.test.width", "4",
                "phasor.test.sleepMs", Integer.toString(STEP_MS));
        Worker survivor = startWorker(HOSTS.host(2), props, true);
        Worker victim = startWorker(HOSTS.host(3), props, true);
        awaitReady(List.of(survivor, victim));
        Path cache = tmp.resolve("cache");
        Path dir = cache.resolve("sleepy");

        Coordinator run = startCoordinator(props, "dev.phasor.testkit.Sleepy", cache, "--min-workers", "2");
        String inFlight = awaitStepInFlight(victim, dir, run);
        HOSTS.disconnect(HOSTS.host(3));
        long cutAt = System.nanoTime();
        String lost = "worker " + victim.name() + " left the cluster";
        WorkerProcesses.awaitTrue(() -> run.log().contains(lost), Duration.ofSeconds(60),
                () -> "the coordinator did not notice the cut:\n" + run.log());
        double detectedAfter = (System.nanoTime() - cutAt) / 1e9;
        HOSTS.reconnect(HOSTS.host(3)); // back while the run goes on: anything it still sends must not count
        System.out.printf("host cut off: detected in %.1f s (heartbeat timeout %d s)%n", detectedAfter, HEARTBEAT_TIMEOUT_S);

        assertEquals(0, run.await(120), run::log);
        assertTrue(detectedAfter < HEARTBEAT_TIMEOUT_S + 15, "detected " + detectedAfter + " s after the cut");
        CacheReader reader = CacheReader.open(cache, "sleepy");
        assertEquals(Sleepy.expectedLast(2, 4), reader.result("last"));
        assertTrue(reader.statuses().stream().allMatch(StepStatus::isDone), reader::summary);
        // Attempt 2 goes to whichever worker has room first: the other host once a thread of its frees, or the
        // cut-off host itself if it has rejoined by then (a new member of the run, as any host that joins).
        String secondStart = ": " + inFlight + " (attempt 2) started";
        assertTrue(survivor.output().contains(secondStart) || victim.output().contains(secondStart),
                "the cut-off host's step was given out again:\n" + survivor.output() + "\ncut-off host:\n"
                        + victim.output());
        // Either a worker ran it again (attempt 2), or the cut-off host had finished it before it noticed the cut
        // (its result and status on the shared cache, valid) and the new attempt reused that.
        StepStatus redone = reader.status(inFlight);
        String outcome = redone.worker() + " attempt " + redone.attempt();
        boolean reusedLate = outcome.equals(victim.name() + " attempt 1")
                && victim.output().contains(": " + inFlight + " (attempt 1) done");
        assertTrue(outcome.equals(survivor.name() + " attempt 2") || outcome.equals(victim.name() + " attempt 2")
                || reusedLate,
                "the step ran again: " + outcome + "\n" + reader.summary() + "\ncut-off host:\n"
                        + victim.output());
        System.out.println("in-flight step " + inFlight + ": " + (reusedLate ? "finished by the cut-off host, reused"
                : "ran again (" + outcome + ")"));
        for (StepStatus s : reader.statuses()) {
            if (s.step().startsWith("s")) {
                String[] phaseAndIndex = s.step().substring(1).split("_");
                assertEquals(Long.parseLong(phaseAndIndex[0]) * 1000 + Long.parseLong(phaseAndIndex[1]),
                        reader.result(s.step()), "value of " + s.step());
            }
        }
        // The cache is whole and consistent: a re-run on this machine finds every step done and runs none.
        RunResult again = runLocally("dev.phasor.testkit.Sleepy", cache);
        assertEquals(0, again.exitCode, again.err);
        assertTrue(again.out.contains("OK: 9 done (0 ran, 9 cached)"), again.out);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aSealedRunAcrossHostsUsesTheWorkerWithTheSecretAndRefusesTheOneWithout() throws Exception {
        Path secret = tmp.resolve("secret"); // the shared storage every host sees
        Files.writeString(secret, "a secret shared by two of three hosts");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Map<String, String> props = testProperties("phasor.test.width", "4");
        Worker sealed = startWorker(HOSTS.host(2), props, false, "--secret-file", secret.toString());
        Worker open = startWorker(HOSTS.host(3), props, false);
        awaitReady(List.of(sealed, open));
        assertTrue(open.output().contains("phasor: warning: listening on " + HOSTS.host(3).address() + " without a"
                + " secret"), open.output());
        assertTrue(!sealed.output().contains("without a secret"), sealed.output());

        Path cache = tmp.resolve("sealed");
        Coordinator run = startCoordinator(props, "dev.phasor.testkit.Diamond", cache, "--secret-file",
                secret.toString());
        assertEquals(0, run.await(90), run::log);
        assertTrue(run.log().contains("refusing worker " + open.name() + ": its answer is not sealed"), run.log());
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(4), reader.result("total"));
        assertEquals(java.util.Set.of(sealed.name()),
                reader.statuses().stream().map(StepStatus::worker).collect(Collectors.toSet()));
        assertTrue(open.output().contains("refused a PrepareRun message from member " + HOSTS.host(1).address() + ":"
                + COORDINATOR_PORT + ": it is sealed with secret"), open.output());
    }

    // ---- processes on the hosts

    /** A {@code phasor worker} on a test host. */
    private record Worker(TestHosts.Host host, Process process, Path log) {
        String name() {
            return "hz:" + host.address() + ":" + WORKER_PORT;
        }

        String output() {
            return WorkerProcesses.read(log);
        }
    }

    /** A coordinator ({@code phasor run --backend hazelcast}) on host 1. */
    private record Coordinator(Process process, Path logFile) {
        String log() {
            return WorkerProcesses.read(logFile);
        }

        int await(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("the coordinator did not end within " + seconds + " s:\n" + log());
            }
            return process.exitValue();
        }
    }

    private String joinList() {
        return HOSTS.hosts().stream().skip(1).map(h -> h.address() + ":" + WORKER_PORT).collect(Collectors.joining(","));
    }

    private Worker startWorker(TestHosts.Host host, Map<String, String> props, boolean verbose, String... extra)
            throws Exception {
        List<String> cmd = WorkerProcesses.java(props);
        cmd.addAll(List.of("dev.phasor.cli.Main", "worker", "--join", joinList(), "--cluster-name", clusterName,
                "--bind", host.address(), "--port", Integer.toString(WORKER_PORT), "--threads", "2"));
        cmd.addAll(HEARTBEAT);
        cmd.addAll(List.of(extra));
        if (verbose) {
            cmd.add("-v");
        }
        Path log = tmp.resolve("worker-" + host.hostName() + ".log");
        return new Worker(host, HOSTS.start(host, cmd, Map.of(), log), log);
    }

    private Coordinator startCoordinator(Map<String, String> props, String pipeline, Path cache, String... extra)
            throws Exception {
        TestHosts.Host host = HOSTS.host(1);
        List<String> cmd = WorkerProcesses.java(props);
        cmd.addAll(List.of("dev.phasor.cli.Main", "run", pipeline, "--cache", cache.toString(), "--backend", "hazelcast",
                "--join", joinList(), "--cluster-name", clusterName, "--bind", host.address(),
                "--port", Integer.toString(COORDINATOR_PORT)));
        cmd.addAll(HEARTBEAT);
        cmd.addAll(List.of(extra));
        Path log = Files.createTempFile(tmp, "coordinator", ".log");
        return new Coordinator(HOSTS.start(host, cmd, Map.of(), log), log);
    }

    private static void awaitReady(List<Worker> workers) {
        WorkerProcesses.awaitTrue(() -> workers.stream().allMatch(w -> membersSeen(w) >= 1)
                && workers.stream().anyMatch(w -> membersSeen(w) >= workers.size()), READY,
                () -> "workers not ready: " + workers.stream().map(w -> w.name() + ":\n" + w.output())
                        .collect(Collectors.joining("\n")));
    }

    private static int membersSeen(Worker w) {
        Matcher m = READY_LINE.matcher(w.output());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Waits until the worker has started a step whose status file does not exist yet; returns its name. */
    private static String awaitStepInFlight(Worker worker, Path dir, Coordinator run) {
        AtomicReference<String> step = new AtomicReference<>();
        WorkerProcesses.awaitTrue(() -> {
            Matcher m = STARTED.matcher(worker.output());
            while (m.find()) {
                if (!Files.exists(dir.resolve(m.group(1) + ".status"))) {
                    step.set(m.group(1));
                    return true;
                }
            }
            return false;
        }, READY, () -> "no step in flight on " + worker.name() + ":\n" + worker.output() + "\ncoordinator:\n" + run.log());
        return step.get();
    }

    // ---- this JVM

    /** Sets system properties here (local runs build the pipeline in this JVM) and returns them for the hosts. */
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

    private static RunResult runLocally(String pipelineClass, Path cache) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(null);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("run", pipelineClass, "--cache", cache.toString(), "--backend", "local");
        return new RunResult(code, out.toString(), err.toString());
    }

    /** Status and value of every step. */
    private static Map<String, String> outcomes(CacheReader reader) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (StepStatus s : reader.statuses()) {
            outcomes.put(s.step(), s.status() + (s.isDone() ? " " + reader.result(s.step()) : ""));
        }
        return outcomes;
    }
}
