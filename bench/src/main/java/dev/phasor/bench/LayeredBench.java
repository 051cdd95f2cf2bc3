package dev.phasor.bench;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code layered}: K phases of W steps; a step of phase 0 returns 1, a later one the sum of steps i and
 * i+1 (mod W) of the previous phase, plus 1. Every step of phase p therefore holds 2^(p+1) - 1.
 */
public final class LayeredBench implements BenchPipeline {

    private final int phases;
    private final int width;

    public LayeredBench() {
        this(BenchSpec.fromSystemProperties());
    }

    public LayeredBench(BenchSpec spec) {
        this.phases = spec.layeredPhases();
        this.width = spec.layeredWidth();
    }

    static long one() {
        return 1L;
    }

    static long sumPlusOne(long a, long b) {
        return a + b + 1;
    }

    static String name(int phase, int i) {
        return "l" + phase + "_" + i;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("bench-layered-" + phases + "x" + width);
        List<Step<Long>> prev = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            prev.add(p.step(name(0, i), LayeredBench::one));
        }
        for (int ph = 1; ph < phases; ph++) {
            List<Step<Long>> next = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                next.add(p.step(name(ph, i), prev.get(i), prev.get((i + 1) % width), LayeredBench::sumPlusOne));
            }
            prev = next;
        }
        return p.build();
    }

    @Override
    public String id() {
        return "layered";
    }

    @Override
    public int widestPhase() {
        return width;
    }

    @Override
    public int steps() {
        return phases * width;
    }

    @Override
    public void check(Results results) {
        for (int ph = 0; ph < phases; ph++) {
            long expected = (1L << (ph + 1)) - 1;
            for (int i = 0; i < width; i++) {
                BenchPipeline.expect(id(), name(ph, i), results.result(name(ph, i)), expected);
            }
        }
    }
}
