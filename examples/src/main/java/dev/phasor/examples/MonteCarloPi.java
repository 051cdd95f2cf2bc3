package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * π by Monte Carlo, spread over MPI ranks: 64 independent sampling steps (phase 0) each throw
 * {@value #SAMPLES_PER_STEP} seeded random points into the unit square and count those inside the
 * quarter circle; a reduction step (phase 1) turns the counts into π ≈ 4 · inside / total. Every step
 * has its own seed, so the estimate is exact and repeatable whichever rank or thread ran which step.
 *
 * <pre>
 * bin/mpjrun.sh -np 8 dev.phasor.examples.MonteCarloPi --cache /tmp/phasor-demo
 * bin/phasor run dev.phasor.examples.MonteCarloPi --cache /tmp/phasor-demo     (threads in one JVM)
 * </pre>
 */
public final class MonteCarloPi implements PipelineDefinition {

    static final int STEPS = 64;
    static final int SAMPLES_PER_STEP = 1_000_000;
    private static final long SEED = 20_240_229L;

    /** Points of {@code samples} seeded throws that fall inside the quarter circle of radius 1. */
    static long inside(Params p) {
        SplittableRandom random = new SplittableRandom(p.getLong("seed"));
        int samples = p.getInt("samples");
        long hits = 0;
        for (int i = 0; i < samples; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                hits++;
            }
        }
        return hits;
    }

    /** π from the counts of every sampling step. */
    static double estimate(Params p, List<Long> counts) {
        long hits = 0;
        for (long c : counts) {
            hits += c;
        }
        return 4.0 * hits / ((double) counts.size() * p.getInt("samples"));
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("monte-carlo-pi");
        List<Step<Long>> samples = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            samples.add(p.step(String.format("sample_%02d", i),
                    Params.of("seed", SEED + i, "samples", SAMPLES_PER_STEP), MonteCarloPi::inside));
        }
        p.stepAll("pi", Params.of("samples", SAMPLES_PER_STEP), samples, MonteCarloPi::estimate);
        return p.build();
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(MonteCarloPi.class, args));
    }
}
