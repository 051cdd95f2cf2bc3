package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --results-over-network} with results larger than one message part, so that the last step's inputs go
 * ahead of its order in {@link StageInputs} messages: every result reaches the coordinator's cache, and the last
 * step receives every input, byte for byte, in the clear and sealed. Worker and coordinator are JVMs of their
 * own on 127.0.0.1, stopped by PID.
 */
class HazelcastCarriedResultsTest {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final int BLOCKS = 5;

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

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void largeResultsCarriedInTheClearReachTheLastStepByteForByte() throws Exception {
        runAndCheck(List.of());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void largeResultsCarriedSealedReachTheLastStepByteForByte() throws Exception {
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        runAndCheck(List.of("--secret-file", secret.toString()));
    }

    private void runAndCheck(List<String> secretOptions) throws Exception {
        Map<String, String> props = Map.of("phasor.test.blocks", Integer.toString(BLOCKS));
        WorkerProcesses.Worker worker = cluster.start(props, 2, true, secretOptions);
        cluster.awaitReady(List.of(worker), 1, READY);

        Path cache = tmp.resolve("cache");
        Path log = tmp.resolve("coordinator.log");
        List<String> options = new ArrayList<>(secretOptions);
        options.add("--results-over-network");
        Process run = cluster.startCoordinator(props, CarriedBlocks.class.getName(), cache, log, options);
        assertTrue(run.waitFor(150, TimeUnit.SECONDS), () -> WorkerProcesses.read(log));
        assertEquals(0, run.exitValue(), () -> WorkerProcesses.read(log) + worker.output());

        CacheReader reader = CacheReader.open(cache, "carried-blocks");
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++) {
            expected.add(CarriedBlocks.block(i));
            assertArrayEquals(expected.get(i), (byte[]) reader.result("block_" + i), "block_" + i + " as carried back");
        }
        assertEquals(CarriedBlocks.digest(expected), reader.result("digest"), "what the last step received");
        String said = worker.output();
        assertTrue(said.contains("digest (attempt 1) done"), said);
        assertEquals(BLOCKS - 1, said.lines().filter(l -> l.contains(": staged input(s) block_")).count(),
                "every input but the last went ahead of the order, one per message:\n" + said);
    }
}
