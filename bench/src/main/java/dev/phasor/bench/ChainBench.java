package dev.phasor.bench;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;

/** {@code chain}: N steps in a line (N phases of one step), {@code c0} returning 1 and each next adding 1. */
public final class ChainBench implements BenchPipeline {

    private final int n;

    public ChainBench() {
        this(BenchSpec.fromSystemProperties());
    }

    public ChainBench(BenchSpec spec) {
        this.n = spec.chainSteps();
    }

    static int one() {
        return 1;
    }

    static int next(int previous) {
        return previous + 1;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("bench-chain-" + n);
        Step<Integer> prev = p.step("c0", ChainBench::one);
        for (int i = 1; i < n; i++) {
            prev = p.step("c" + i, prev, ChainBench::next);
        }
        return p.build();
    }

    @Override
    public String id() {
        return "chain";
    }

    @Override
    public int widestPhase() {
        return 1;
    }

    @Override
    public int steps() {
        return n;
    }

    @Override
    public void check(Results results) {
        for (int i = 0; i < n; i++) {
            BenchPipeline.expect(id(), "c" + i, results.result("c" + i), i + 1);
        }
    }
}
