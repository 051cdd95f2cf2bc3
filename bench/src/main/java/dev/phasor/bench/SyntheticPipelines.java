package dev.phasor.bench;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;

/** Synthetic pipelines whose results are known in closed form, so a benchmark checks what it computed. */
final class SyntheticPipelines {

    private SyntheticPipelines() {
    }

    /** One phase of {@code n} independent steps, step i returning i. Check: sum = n(n-1)/2. */
    static Pipeline wide(int n) {
        PipelineBuilder p = Pipeline.builder("bench-wide-" + n);
        for (int i = 0; i < n; i++) {
            p.step("w" + i, Params.of("i", i), ps -> ps.getInt("i"));
        }
        return p.build();
    }

    /** {@code n} steps in a line, each adding 1. Check: last = n. */
    static Pipeline chain(int n) {
        PipelineBuilder p = Pipeline.builder("bench-chain-" + n);
        Step<Integer> prev = p.step("c0", () -> 1);
        for (int i = 1; i < n; i++) {
            prev = p.step("c" + i, prev, x -> x + 1);
        }
        return p.build();
    }

    /** {@code phases} x {@code width}; each step sums two steps of the previous phase + 1. */
    static Pipeline layered(int phases, int width) {
        PipelineBuilder p = Pipeline.builder("bench-layered-" + phases + "x" + width);
        List<Step<Long>> prev = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            prev.add(p.step("l0_" + i, () -> 1L));
        }
        for (int ph = 1; ph < phases; ph++) {
            List<Step<Long>> next = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                next.add(p.step("l" + ph + "_" + i, prev.get(i), prev.get((i + 1) % width), (a, b) -> a + b + 1));
            }
            prev = next;
        }
        return p.build();
    }

    /** Expected value of every step of phase {@code ph} (0-based) in {@link #layered}: 2^(ph+1) - 1. */
    static long layeredValue(int ph) {
        return (1L << (ph + 1)) - 1;
    }
}
