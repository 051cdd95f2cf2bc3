package dev.phasor.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The analytic model's mechanics: linear without a queue, capped by the busiest server, bounded by its asymptotes. */
class MvaTest {

    @Test
    void withoutAQueueingStationThroughputGrowsLinearlyWithWorkers() {
        List<Station> noCoordinatorCost = List.of(Station.queue("coordinator", 0), Station.worker(150),
                Station.queue("file system", 0));
        double one = Mva.solve(noCoordinatorCost, 850, 1).stepsPerSecond();
        assertEquals(1e6 / 1000, one, 1e-9);
        for (int n : new int[] {2, 7, 64, 256}) {
            assertEquals(n * one, Mva.solve(noCoordinatorCost, 850, n).stepsPerSecond(), 1e-6 * n * one);
        }
        assertEquals(Double.POSITIVE_INFINITY, Mva.knee(noCoordinatorCost, 850));
    }

    @Test
    void withZeroStepTimeAndManyWorkersThroughputTendsToOneOverTheCoordinatorCost() {
        List<Station> s = List.of(Station.queue("coordinator", 40), Station.worker(0));
        double x = Mva.solve(s, 0, 500).stepsPerSecond();
        assertEquals(1e6 / 40, x, 1e-6 * 1e6 / 40);
        assertEquals("coordinator", Mva.solve(s, 0, 500).bottleneck());
        // and with a single worker every step waits for the coordinator alone: the same rate
        assertEquals(1e6 / 40, Mva.solve(s, 0, 1).stepsPerSecond(), 1e-6);
    }

    @Test
    void throughputStaysUnderBothAsymptotesAndGrowsWithWorkers() {
        List<Station> s = List.of(Station.queue("coordinator", 25), Station.worker(300), Station.queue("file system", 60));
        double previous = 0;
        for (int n = 1; n <= 300; n++) {
            double x = Mva.solve(s, 1000, n).stepsPerSecond();
            assertTrue(x <= Mva.linearBound(s, 1000, n) * (1 + 1e-12), "n=" + n);
            assertTrue(x <= Mva.ceiling(s, 1000) * (1 + 1e-12), "n=" + n);
            assertTrue(x >= previous * (1 - 1e-12), "more workers never lower throughput, n=" + n);
            previous = x;
        }
        assertEquals(1e6 / 60, Mva.ceiling(s, 1000), 1e-9);
        assertEquals("file system", Mva.bottleneck(s, 1000));
        assertEquals((25 + 300 + 1000 + 60) / 60.0, Mva.knee(s, 1000), 1e-9);
        // far past the knee the ceiling is reached
        assertEquals(Mva.ceiling(s, 1000), Mva.solve(s, 1000, 3000).stepsPerSecond(), 0.01 * Mva.ceiling(s, 1000));
    }

    @Test
    void aMultiServerStationCapsAtServersOverDemand() {
        List<Station> s = List.of(Station.servers("cpu", 4, 200), Station.worker(0));
        assertEquals(4 * 1e6 / 200, Mva.ceiling(s, 0), 1e-9);
        assertEquals(1e6 / 200, Mva.solve(s, 0, 1).stepsPerSecond(), 1e-9);
        assertEquals(4 * 1e6 / 200, Mva.solve(s, 0, 400).stepsPerSecond(), 0.01 * 4 * 1e6 / 200);
    }
}
