package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny bench on real MPJ Express ranks (multicore, through bin/mpjrun.sh) and on real Hazelcast worker
 * JVMs on 127.0.0.1: the pipelines are rebuilt on every rank and worker from their definition classes and
 * the sizes travel as system properties; the results are checked. Speed is not judged.
 */
class BenchClusterSmokeTest {

    @TempDir
    Path tmp;

    private static final BenchSpec TINY = BenchSpec.DEFAULT.withSteps(30, 10).withShape(3, 4, 2, 3)
            .withWork(2, 1, 5, 2, 1000);

    private Bench bench(String backend, List<String> pipelines, int workers) {
        return new Bench(new Bench.Options(List.of(backend), pipelines, TINY, 2, 2, workers, List.of(1, 2), 1,
                "multicore", tmp), quiet());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void mpjRanksRebuildTheBenchPipelinesAndComputeTheCheckedValues() throws Exception {
        List<BenchRow> rows = bench("mpj", List.of("wide", "layered"), 1).run();
        assertEquals(List.of("wide", "layered"), rows.stream().map(BenchRow::pipeline).toList());
        assertEquals(30, rows.get(0).steps());
        assertEquals(12, rows.get(1).steps());
        rows.forEach(r -> assertTrue(r.stepsPerSecond() > 0 && r.firstDispatchMillis() > 0, r.toString()));
        assertCleanedUp();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void hazelcastWorkersRebuildTheBenchPipelinesAndAreStoppedAfterwards() throws Exception {
        long before = ProcessHandle.current().descendants().count();
        // one worker JVM of two threads, two runs against it: start-up dominates, so no scaling run here
        List<BenchRow> rows = bench("hazelcast", List.of("wide", "layered"), 1).run();
        assertEquals(List.of("wide", "layered"), rows.stream().map(BenchRow::pipeline).toList());
        assertEquals(List.of(30, 12), rows.stream().map(BenchRow::steps).toList());
        rows.forEach(r -> assertTrue(r.stepsPerSecond() > 0 && r.firstDispatchMillis() > 0, r.toString()));
        assertEquals(before, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "every worker JVM was stopped");
        assertCleanedUp();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void anMpjChainIsHeldAgainstMpjsOwnPingPongOnTheSameRanksUnlessTheFloorIsOff() throws Exception {
        BenchRow chain = bench("mpj", List.of("chain"), 1).run().get(0);
        assertPositive(chain.transportFloorMicros(), "MPJ ping-pong", chain);
        assertPositive(chain.fileFloorMicrosPerStep(), "file floor per step", chain);
        assertEquals(chain.stepLatencyMicros() / (chain.transportFloorMicros() + chain.fileFloorMicrosPerStep()),
                chain.transportRatio(), 1e-9, chain.toString());
        assertTrue(Double.isNaN(chain.transportFloorMbPerSecond()), "a chain has no bandwidth floor: " + chain);

        BenchRow off = new Bench(new Bench.Options(List.of("mpj"), List.of("chain"), TINY, 2, 2, 1, List.of(1), 1,
                "multicore", tmp, List.of(), "off", List.of(), false), quiet()).run().get(0);
        assertTrue(Double.isNaN(off.transportFloorMicros()) && Double.isNaN(off.transportRatio()), off.toString());
        assertCleanedUp();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aHazelcastPayloadCarriedOverTheNetworkIsHeldAgainstTheSameBlocksCarriedByHazelcastAlone() throws Exception {
        long before = ProcessHandle.current().descendants().count();
        Bench b = new Bench(new Bench.Options(List.of("hazelcast"), List.of("payload"), TINY, 2, 2, 1, List.of(1), 1,
                "multicore", tmp, List.of(), "once", List.of(), true), quiet());
        BenchRow payload = b.run().get(0);
        assertTrue(payload.parallelism().contains("results over network"), payload.parallelism());
        assertPositive(payload.payloadMbPerSecond(), "payload MB/s", payload);
        assertPositive(payload.transportFloorMbPerSecond(), "blocks carried by Hazelcast alone", payload);
        assertPositive(payload.payloadStepsMbPerSecond(), "payload MB/s over the steps", payload);
        assertTrue(payload.payloadStepsMbPerSecond() > payload.payloadMbPerSecond(),
                "the steps' span leaves the coordinator's join out of the run's wall: " + payload);
        assertEquals(payload.transportFloorMbPerSecond() / payload.payloadStepsMbPerSecond(), payload.transportRatio(),
                1e-9);
        assertTrue(Double.isNaN(payload.transportFloorMicros()), "a payload has no round-trip floor: " + payload);
        assertEquals(before, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "every worker JVM was stopped");
        assertCleanedUp();
    }

    private static void assertPositive(double value, String what, BenchRow row) {
        assertTrue(value > 0 && Double.isFinite(value), what + " is a positive number: " + row);
    }

    private static Progress quiet() {
        return new Progress(new java.io.PrintWriter(System.err, true), null);
    }

    private void assertCleanedUp() throws Exception {
        try (var left = Files.list(tmp)) {
            List<Path> files = left.toList();
            assertTrue(files.isEmpty(), "left behind: " + files);
        }
    }
}
