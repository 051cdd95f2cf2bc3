package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.testkit.Sleepy;
import dev.phasor.transport.Order;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, tested as an attacker would, on a real cluster ({@code phasor worker} and {@code phasor run} JVMs on
 * 127.0.0.1, stopped by PID): workers without the secret or with another one, a rogue member that knows the
 * cluster name but not the secret, and a captured message sent again. The rogue and the capturing coordinator
 * are Hazelcast members in this test's JVM, sending Phasor's own messages as any member of the cluster could.
 */
class HazelcastSecretTest {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;
    private WorkerProcesses cluster;
    private HazelcastInstance member;
    private final InternalSerializationService wire = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(Messages.FACTORY_ID, new Messages()).build();

    @BeforeEach
    void setUp() {
        cluster = new WorkerProcesses(tmp);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (member != null) {
            member.shutdown();
        }
        cluster.close();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRunWithASecretUsesOnlyTheWorkerWithItAndTheOthersAreRefusedByNameAtOnce() throws Exception {
        Path secret = secretFile("secret", SECRET);
        Path other = secretFile("other", "a different secret, also long enough");
        Path counts = tmp.resolve("executions");
        Map<String, String> props = sleepy(counts, 50);
        // one after the other, each joining those before: the coordinator then finds all three at once
        WorkerProcesses.Worker good = cluster.start(props, 2, true, List.of("--secret-file", secret.toString()));
        cluster.awaitReady(List.of(good), 1, READY);
        WorkerProcesses.Worker none = cluster.start(props, 1, true, List.of());
        cluster.awaitReady(List.of(none), 2, READY);
        WorkerProcesses.Worker wrong = cluster.start(props, 1, true, List.of("--secret-file", other.toString()));
        cluster.awaitReady(List.of(wrong), 3, READY);
        String id = SharedSecret.read(secret, "test").id();
        String otherId = SharedSecret.read(other, "test").id();
        assertTrue(good.output().contains("runs only messages sealed with secret " + id), good.output());

        Path cache = tmp.resolve("cache");
        Path log = tmp.resolve("coordinator.log");
        Process run = cluster.startCoordinator(props, Sleepy.class.getName(), cache, log,
                List.of("--secret-file", secret.toString(), "--results-over-network"));
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), () -> WorkerProcesses.read(log));
        String said = WorkerProcesses.read(log);
        assertEquals(0, run.exitValue(), said);

        assertTrue(said.contains("refusing worker " + none.name() + ": its answer is not sealed with the cluster's"
                + " secret") && said.contains("it says: it is sealed with secret " + id + " and this worker has no"
                + " secret: start it with --secret-file"), said);
        assertTrue(said.contains("refusing worker " + wrong.name() + ": its answer is not sealed with the cluster's"
                + " secret") && said.contains("it is sealed with secret " + id + ", and this worker's secret is "
                + otherId), said);
        String coordinator = "from member 127.0.0.1:" + cluster.coordinatorPort + ": ";
        assertTrue(none.output().contains("refused a PrepareRun message " + coordinator + "it is sealed with secret "
                + id), none.output());
        assertTrue(wrong.output().contains("refused a PrepareRun message " + coordinator + "it is sealed with secret "
                + id + ", and this worker's secret is " + otherId), wrong.output());
        assertFalse(wrong.output().contains("refused a ReleaseRun"), "a refused worker is sent nothing more");
        assertFalse(none.output().contains("pipeline 'sleepy'"), none.output());
        assertFalse(wrong.output().contains("pipeline 'sleepy'"), wrong.output());

        CacheReader reader = CacheReader.open(cache, "sleepy");
        assertEquals(Sleepy.expectedLast(2, 3), reader.result("last"));
        assertEquals(List.of(good.name()), reader.statuses().stream().map(StepStatus::worker).distinct().toList());
        assertTrue(Sleepy.executions(counts).values().stream().allMatch(n -> n == 1), Sleepy.executions(counts)::toString);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRogueMemberWithTheClusterNameButNoSecretGetsNothingRunAndTheRunGoesOn() throws Exception {
        Path secret = secretFile("secret", SECRET);
        Path counts = tmp.resolve("executions");
        Map<String, String> props = sleepy(counts, 300);
        WorkerProcesses.Worker worker = cluster.start(props, 2, true, List.of("--secret-file", secret.toString()));
        cluster.awaitReady(List.of(worker), 1, READY);
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("sleepy"));
        Path log = tmp.resolve("coordinator.log");
        Process run = cluster.startCoordinator(props, Sleepy.class.getName(), cache, log,
                List.of("--secret-file", secret.toString()));

        member = joinAsMember(worker);
        Member target = workerMember(worker);
        String roguePort = "127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort();
        RunSealer rogue = new RunSealer(null, member.getCluster().getLocalMember().getUuid(), "rogue-run");
        WorkerAnswer prepared = control().submitToMember(rogue.stamp(prepare("rogue-run", cache, rogue), target.getUuid()),
                target).get(30, TimeUnit.SECONDS);
        assertTrue(prepared.refused, "a rogue PrepareRun was refused: " + prepared.error);
        StepOutcomes ran = steps().submitToMember(rogue.stamp(new RunSteps("rogue-run", List.of(new Order("s0_0", 1)),
                Map.of()), target.getUuid()), target).get(30, TimeUnit.SECONDS);
        assertFalse(ran.outcomes().get(0).ran());
        // one that guessed a secret does no better
        SharedSecret guess = SharedSecret.of("guessed, sixteen+ bytes".getBytes(StandardCharsets.UTF_8));
        RunSealer guessed = new RunSealer(guess, member.getCluster().getLocalMember().getUuid(), "rogue-run-2");
        WorkerAnswer guessedAnswer = control().submitToMember(guessed.stamp(prepare("rogue-run-2", cache, guessed),
                target.getUuid()), target).get(30, TimeUnit.SECONDS);
        assertTrue(guessedAnswer.refused, guessedAnswer.error);

        assertTrue(run.waitFor(120, TimeUnit.SECONDS), () -> WorkerProcesses.read(log));
        assertEquals(0, run.exitValue(), WorkerProcesses.read(log));
        String said = worker.output();
        assertTrue(said.contains("refused a PrepareRun message from member " + roguePort + ": it is not sealed with the"
                + " cluster's secret"), said);
        assertTrue(said.contains("refused a RunSteps message from member " + roguePort + ": it is not sealed"), said);
        assertTrue(said.contains("refused a PrepareRun message from member " + roguePort + ": it is sealed with secret "
                + guess.id()), said);
        assertFalse(said.contains("run rogue-ru"), "no rogue run was built or ran a step:\n" + said);
        assertEquals(Sleepy.expectedLast(2, 3), CacheReader.open(cache, "sleepy").result("last"));
        Map<String, Integer> executions = Sleepy.executions(counts);
        assertEquals(7, executions.size(), executions::toString);
        assertTrue(executions.values().stream().allMatch(n -> n == 1), "every step ran once: " + executions);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aCapturedMessageSentAgainOrChangedIsRefusedAndRunsNothingTwice() throws Exception {
        Path secretPath = secretFile("secret", SECRET);
        SharedSecret secret = SharedSecret.read(secretPath, "test");
        Path counts = tmp.resolve("executions");
        Map<String, String> props = sleepy(counts, 0);
        WorkerProcesses.Worker worker = cluster.start(props, 1, true, List.of("--secret-file", secretPath.toString()));
        cluster.awaitReady(List.of(worker), 1, READY);
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("sleepy"));
        member = joinAsMember(worker);
        Member target = workerMember(worker);
        UUID self = member.getCluster().getLocalMember().getUuid();
        RunSealer run = new RunSealer(secret, self, "run-1");

        PrepareRun opening = run.stamp(prepare("run-1", cache, run), target.getUuid());
        Data capturedOpening = wire.toData(opening);
        WorkerAnswer answer = control().submitToMember(opening, target).get(60, TimeUnit.SECONDS);
        assertNull(run.admit(answer, opening.header(), target.getUuid()), "a sealed answer of the worker");
        assertNull(answer.error, answer.error);

        RunSteps order = run.stamp(new RunSteps("run-1", List.of(new Order("s0_0", 1)), Map.of()), target.getUuid());
        Data captured = wire.toData(order);
        StepOutcomes outcomes = steps().submitToMember(order, target).get(60, TimeUnit.SECONDS);
        assertNull(run.admit(outcomes, order.header(), target.getUuid()));
        assertTrue(outcomes.outcomes().get(0).ran());

        StepOutcomes replayed = steps().submitToMember((RunSteps) wire.toObject(captured), target)
                .get(30, TimeUnit.SECONDS);
        assertEquals("its answer is not sealed with the cluster's secret (a worker without --secret-file?)",
                run.admit(replayed, order.header(), target.getUuid()), "a refusal is not sealed");
        assertTrue(replayed.outcomes().get(0).refusal().contains("was taken before (a replay)"),
                replayed.outcomes().get(0).refusal());

        byte[] changed = captured.toByteArray();
        changed[changed.length - 20] ^= 1; // in the sealed body, which ends the message
        StepOutcomes tampered = steps().submitToMember((RunSteps) wire.toObject(new HeapData(changed)), target)
                .get(30, TimeUnit.SECONDS);
        assertTrue(tampered.outcomes().get(0).refusal().contains("its seal is broken"),
                tampered.outcomes().get(0).refusal());

        WorkerAnswer reopened = control().submitToMember((PrepareRun) wire.toObject(capturedOpening), target)
                .get(30, TimeUnit.SECONDS);
        assertTrue(reopened.refused && reopened.error.contains("its nonce was seen before (a replay)"), reopened.error);

        assertEquals(Map.of("s0_0", 1), Sleepy.executions(counts), "the replayed step did not run again");
        String said = worker.output();
        String from = "from member 127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort() + ": ";
        assertTrue(said.contains("refused a RunSteps message " + from + "its sequence number"), said);
        assertTrue(said.contains("refused a RunSteps message " + from + "its seal is broken"), said);
        assertTrue(said.contains("refused a PrepareRun message " + from + "it opens run run-1, but its nonce was seen"
                + " before (a replay)"), said);
        assertTrue(control().submitToMember(run.stamp(new ReleaseRun("run-1", "test over", false), target.getUuid()),
                target).get(30, TimeUnit.SECONDS), "a sealed release is taken");
    }

    private Path secretFile(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static Map<String, String> sleepy(Path counts, int sleepMs) {
        return new LinkedHashMap<>(Map.of("phasor.test.phases", "2", "phasor.test.width", "3",
                "phasor.test.sleepMs", Integer.toString(sleepMs), "phasor.test.executions", counts.toString()));
    }

    private PrepareRun prepare(String runId, Path cache, RunSealer sealer) {
        return new PrepareRun(runId, member.getCluster().getLocalMember().getUuid(), Sleepy.class.getName(), List.of(),
                cache.toString(), false, "any fingerprint", sealer.nonce(), "umask");
    }

    /** Joins the cluster as a coordinator-like lite member: all a rogue needs is the cluster name and an address. */
    private HazelcastInstance joinAsMember(WorkerProcesses.Worker worker) {
        ClusterSettings s = ClusterSettings.of(cluster.clusterName, List.of("127.0.0.1:" + worker.port()), "127.0.0.1",
                null, WorkerProcesses.freePort(), false);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(MemberConfigs.coordinator(s));
        WorkerProcesses.awaitTrue(() -> hz.getCluster().getMembers().size() >= 2, READY,
                () -> "did not join: " + hz.getCluster().getMembers());
        return hz;
    }

    private Member workerMember(WorkerProcesses.Worker worker) {
        return member.getCluster().getMembers().stream().filter(m -> m.getAddress().getPort() == worker.port())
                .findFirst().orElseThrow(() -> new AssertionError("no member on port " + worker.port() + ": "
                        + member.getCluster().getMembers().stream().map(Object::toString).collect(Collectors.joining())));
    }

    private IExecutorService control() {
        return member.getExecutorService(MemberConfigs.CONTROL_EXECUTOR);
    }

    private IExecutorService steps() {
        return member.getExecutorService(MemberConfigs.STEP_EXECUTOR);
    }
}
