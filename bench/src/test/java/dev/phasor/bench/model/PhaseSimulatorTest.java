package dev.phasor.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator against the analytic model, and the finite-phase effects MVA cannot see. */
class PhaseSimulatorTest {

    private static final List<Station> NETWORK = List.of(Station.queue("coordinator", 30), Station.worker(200),
            Station.queue("file system", 45));

    @Test
    void withExponentialServiceTheSimulatorAgreesWithMeanValueAnalysis() {
        // product form: exponential FCFS servers and delays of any law, so MVA is exact up to sampling error
        for (int n : new int[] {1, 4, 12, 40}) {
            double mva = Mva.solve(NETWORK, 800, n).stepsPerSecond();
            double sim = new PhaseSimulator(NETWORK, n, PhaseSimulator.Service.EXPONENTIAL, 42).runUniform(40_000, 800)
                    .steadyStepsPerSecond();
            assertEquals(mva, sim, 0.03 * mva, "slots=" + n);
        }
    }

    @Test
    void deterministicServiceStaysWithinTheAsymptoticBounds() {
        for (int n : new int[] {1, 2, 5, 17, 40, 120}) {
            double sim = new PhaseSimulator(NETWORK, n, PhaseSimulator.Service.DETERMINISTIC, 1).runUniform(20_000, 800)
                    .steadyStepsPerSecond();
            double bound = Math.min(Mva.linearBound(NETWORK, 800, n), Mva.ceiling(NETWORK, 800));
            assertTrue(sim <= bound * 1.001, "slots=" + n + ": " + sim + " > " + bound);
            // no queueing variance: at least the MVA figure (which assumes exponential service)
            assertTrue(sim >= Mva.solve(NETWORK, 800, n).stepsPerSecond() * 0.999, "slots=" + n);
        }
    }

    @Test
    void oneSlotRunsStepsOneAfterAnotherAndPhaseOverheadAddsPerPhase() {
        double perStep = 30 + 200 + 800 + 45;
        PhaseSimulator.Result r = new PhaseSimulator(NETWORK, 1, PhaseSimulator.Service.DETERMINISTIC, 1)
                .withPhaseOverhead(100).run(List.of(new double[] {800, 800, 800}, new double[] {800}));
        assertEquals(List.of(100 + 3 * perStep, 100 + perStep), r.phaseMicros());
        assertEquals(200 + 4 * perStep, r.totalMicros(), 1e-9);
    }

    @Test
    void aBarrierWaitsForTheSlowestStepOfThePhase() {
        List<Station> free = List.of(Station.worker(0));
        double[] skewed = {5_000, 5_000, 5_000, 50_000};
        PhaseSimulator.Result r = new PhaseSimulator(free, 4, PhaseSimulator.Service.DETERMINISTIC, 1)
                .run(List.of(skewed, skewed));
        assertEquals(List.of(50_000.0, 50_000.0), r.phaseMicros());
        // fewer slots than steps: the slow step starts with the first ones and still bounds the phase
        PhaseSimulator.Result two = new PhaseSimulator(free, 2, PhaseSimulator.Service.DETERMINISTIC, 1)
                .run(List.of(new double[] {50_000, 5_000, 5_000, 5_000}));
        assertEquals(50_000.0, two.totalMicros(), 1e-9);
    }
}
