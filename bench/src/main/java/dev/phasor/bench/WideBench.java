package dev.phasor.bench;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;

/** {@code wide}: one phase of N independent no-op steps, step {@code w<i>} returning i. */
public final class WideBench implements BenchPipeline {

    private final int n;

    public WideBench() {
        this(BenchSpec.fromSystemProperties());
    }

    public WideBench(BenchSpec spec) {
        this.n = spec.wideSteps();
    }

    static int index(Params p) {
        return p.getInt("i");
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("bench-wide-" + n);
        for (int i = 0; i < n; i++) {
            p.step("w" + i, Params.of("i", i), WideBench::index);
        }
        return p.build();
    }

    @Override
    public String id() {
        return "wide";
    }

    @Override
    public int widestPhase() {
        return n;
    }

    @Override
    public int steps() {
        return n;
    }

    @Override
    public void check(Results results) {
        for (int i = 0; i < n; i++) {
            BenchPipeline.expect(id(), "w" + i, results.result("w" + i), i);
        }
    }
}
