package dev.phasor.bench;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scaling}: S CPU-bound steps, each summing its slice of the Leibniz series for pi/4, and one step
 * adding the slices up. Run at 1, 2, 4, 8 threads/ranks/workers for speedup and efficiency. Check: the
 * total differs from pi by no more than the series' remainder bound 4 / (2T + 1) for T terms.
 */
public final class ScalingBench implements BenchPipeline {

    private final int slices;
    private final int terms;

    public ScalingBench() {
        this(BenchSpec.fromSystemProperties());
    }

    public ScalingBench(BenchSpec spec) {
        this.slices = spec.scalingSteps();
        this.terms = spec.scalingTerms();
    }

    static double slice(Params p) {
        long from = p.getLong("from");
        long to = p.getLong("to");
        double sum = 0;
        for (long k = from; k < to; k++) {
            sum += ((k & 1) == 0 ? 1.0 : -1.0) / (2 * k + 1);
        }
        return sum;
    }

    static double pi(List<Double> parts) {
        double sum = 0;
        for (double d : parts) {
            sum += d;
        }
        return 4 * sum;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("bench-scaling-" + slices + "x" + terms);
        List<Step<Double>> parts = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            long from = (long) i * terms;
            parts.add(p.step("slice" + i, Params.of("from", from, "to", from + terms), ScalingBench::slice));
        }
        p.stepAll("pi", parts, ScalingBench::pi);
        return p.build();
    }

    @Override
    public String id() {
        return "scaling";
    }

    @Override
    public int widestPhase() {
        return slices;
    }

    @Override
    public int steps() {
        return slices + 1;
    }

    @Override
    public void check(Results results) {
        double pi = (Double) results.result("pi");
        double bound = 4.0 / (2.0 * slices * terms + 1) + 1e-9;
        if (!(Math.abs(pi - Math.PI) <= bound)) {
            throw new WrongResultException(id() + ": step pi computed " + pi + ", more than " + bound + " from pi");
        }
    }
}
