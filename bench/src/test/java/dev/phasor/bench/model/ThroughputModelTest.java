package dev.phasor.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the model turns calibrated costs into stations: batching, placement, the knee; the calibration file. */
class ThroughputModelTest {

    private static final Calibration.Backend HZ = new Calibration.Backend(40, 150, 20, 345, 300, 30, 100, 200);

    @Test
    void batchingSharesTheMessageCostAndTheRoundTripAmongTheStepsOfABatch() {
        ThroughputModel m = new ThroughputModel("hazelcast", HZ, 2);
        assertEquals(40 + 2 * 150, m.coordinatorMicrosPerStep(1), 1e-9);
        assertEquals(40 + 2 * 150 / 100.0, m.coordinatorMicrosPerStep(100), 1e-9);
        assertEquals(100, m.defaultBatch(1_000));
        assertEquals(1, m.defaultBatch(10_000));
        double unbatched = m.ceiling(1000, 1, ThroughputModel.Placement.CLUSTER, Double.NaN);
        double batched = m.ceiling(1000, 100, ThroughputModel.Placement.CLUSTER, Double.NaN);
        assertEquals(1e6 / 340, unbatched, 1e-6);
        assertEquals(1e6 / 43, batched, 1e-6);
    }

    @Test
    void theKneeMovesOutInProportionToTheStepDuration() {
        ThroughputModel m = new ThroughputModel("hazelcast", HZ, 2);
        double k1 = m.kneeSlots(100_000, 1, ThroughputModel.Placement.CLUSTER, Double.NaN);
        double k10 = m.kneeSlots(1_000_000, 1, ThroughputModel.Placement.CLUSTER, Double.NaN);
        double fixed = 40 + 300 + 345 + 300 + 30; // everything but the body, at batch 1
        assertEquals((100_000 + fixed) / 340, k1, 1e-6);
        assertEquals((1_000_000 + fixed) / 340, k10, 1e-6);
        // below the knee near-linear, far beyond it flat
        Mva.Result at = m.steady((int) (k1 / 4), 100_000, 1, ThroughputModel.Placement.CLUSTER, Double.NaN);
        assertTrue(at.stepsPerSecond() > 0.9 * (k1 / 4) * 1e6 / (100_000 + fixed), at.toString());
        Mva.Result far = m.steady((int) (k1 * 8), 100_000, 1, ThroughputModel.Placement.CLUSTER, Double.NaN);
        assertEquals(1e6 / 340, far.stepsPerSecond(), 0.01 * 1e6 / 340);
    }

    @Test
    void oneHostPlacementCapsWorkersAtTheHostsCores() {
        Calibration.Backend local = new Calibration.Backend(5, 0, 0, 0, 200, 0, 1, 0);
        ThroughputModel m = new ThroughputModel("local", local, 1.5);
        assertEquals(1.5 * 1e6 / 200, m.ceiling(0, 1, ThroughputModel.Placement.ONE_HOST, Double.NaN), 1e-6);
        assertEquals(1e6 / 5, m.ceiling(0, 1, ThroughputModel.Placement.CLUSTER, Double.NaN), 1e-6);
    }

    @Test
    void aCalibrationFileRoundTripsAndBadValuesAreNamed(@TempDir Path tmp) throws Exception {
        Calibration c = new Calibration(Map.of("hazelcast", HZ), Map.of("host.effectiveCores", "1.75"));
        Path f = tmp.resolve("calibration.properties");
        c.write(f);
        Calibration back = Calibration.read(f);
        assertEquals(HZ, back.backend("hazelcast"));
        assertEquals(1.75, back.cores(), 1e-9);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> back.backend("mpj"));
        assertTrue(none.getMessage().contains("no calibration for backend 'mpj'"), none.getMessage());
        Files.writeString(f, Files.readString(f).replace("hazelcast.rttMicros=345.000", "hazelcast.rttMicros=fast"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Calibration.read(f));
        assertTrue(bad.getMessage().contains("hazelcast.rttMicros must be a number, got 'fast'"), bad.getMessage());
    }
}
