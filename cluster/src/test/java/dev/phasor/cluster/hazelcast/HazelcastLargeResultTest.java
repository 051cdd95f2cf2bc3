package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker with shared storage writes a result of 100 MiB from a 256 MiB heap: the result is written to the cache
 * in chunks while its attempt is current, never first encoded into an array of its size (which, grown by
 * doubling, needed about three times the value and failed with OutOfMemoryError). Worker and coordinator are JVMs
 * of their own on 127.0.0.1, stopped by PID.
 */
class HazelcastLargeResultTest {

    private static final int MIB = 100;

    @TempDir
    Path tmp;
    private WorkerProcesses cluster;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aResultLargerThanAThirdOfTheWorkersHeapIsWrittenToTheSharedCache() throws Exception {
        cluster = new WorkerProcesses(tmp);
        Map<String, String> props = Map.of("phasor.test.blockMib", Integer.toString(MIB));
        WorkerProcesses.Worker worker = cluster.start(props, 1, true); // -Xmx256m (WorkerProcesses.java)
        cluster.awaitReady(List.of(worker), 1, Duration.ofSeconds(90));

        Path cache = tmp.resolve("cache");
        Path log = tmp.resolve("coordinator.log");
        Process run = cluster.startCoordinator(props, LargeBlock.class.getName(), cache, log);
        assertTrue(run.waitFor(150, TimeUnit.SECONDS), () -> WorkerProcesses.read(log));
        assertEquals(0, run.exitValue(), () -> WorkerProcesses.read(log) + worker.output());

        byte[] big = (byte[]) CacheReader.open(cache, "large-block").result("big");
        assertArrayEquals(LargeBlock.block(MIB), big, "the block as the worker wrote it");
        assertTrue(worker.output().contains("big (attempt 1) done"), worker.output());
    }
}
