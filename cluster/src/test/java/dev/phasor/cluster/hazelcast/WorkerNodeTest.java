package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.StatusFiles;
import dev.phasor.testkit.Sleepy;
import dev.phasor.transport.Order;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a worker says about a step its run was released under (in this JVM: no cluster needed). */
class WorkerNodeTest {

    @TempDir
    Path cache;

    @AfterEach
    void clearProperties() {
        System.clearProperty("phasor.test.sleepMs");
    }

    @Test
    @Timeout(30)
    void aStepInterruptedByAnAbortSaysTheRunWasReleasedAndKeepsNothingRatherThanCallingItSuperseded()
            throws Exception {
        System.setProperty("phasor.test.sleepMs", "60000"); // the step runs until the abort interrupts it
        StringWriter log = new StringWriter();
        WorkerNode node = new WorkerNode(1, List.of(), true, new PrintWriter(log, true));
        String runId = UUID.randomUUID().toString();
        Files.createDirectories(cache.resolve("sleepy")); // the coordinator creates the pipeline's cache directory
        WorkerAnswer built = node.prepare(new PrepareRun(runId, UUID.randomUUID(), Sleepy.class.getName(), List.of(),
                cache.toString(), false, "the coordinator's fingerprint", new byte[WorkerGate.NONCE_BYTES], "umask"));
        assertNull(built.error, built.error);
        CompletableFuture<StepOutcome> outcome = CompletableFuture.supplyAsync(
                () -> node.execute(runId, new Order("s0_0", 1), Map.of()));
        WorkerProcesses.awaitTrue(() -> log.toString().contains("s0_0 (attempt 1) started"), Duration.ofSeconds(20),
                log::toString);

        node.release(runId, "aborted: the run was interrupted", true);
        StepOutcome o = outcome.get(20, TimeUnit.SECONDS);

        assertFalse(o.ran(), "the coordinator that aborted takes no report");
        String said = log.toString();
        assertTrue(said.contains("s0_0 (attempt 1) ended, its result not kept, after the run was released here"
                + " (aborted: the run was interrupted)"), said);
        assertFalse(said.contains("superseded"), said);
        assertNull(StatusFiles.read(cache.resolve("sleepy").resolve("s0_0.status")),
                "an interrupted step keeps no status");
    }
}
