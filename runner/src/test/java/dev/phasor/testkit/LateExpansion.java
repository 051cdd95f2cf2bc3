package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.util.List;

/**
 * A generator slower than its neighbours: {@code slow_gen} (phase 0, sleeps {@code phasor.test.slowMs}, default
 * 1500) expands into {@code late.1} and {@code late.2}, which land in phase 1 beside {@code after_quick}. Run
 * eagerly, phase 1 has finished by the time they join it.
 */
public final class LateExpansion implements PipelineDefinition {

    static int twice(Params p) {
        return 2 * p.getInt("x");
    }

    @Override
    public Pipeline define() {
        int slowMs = Integer.getInteger("phasor.test.slowMs", 1500);
        PipelineBuilder p = Pipeline.builder("late-expansion");
        Step<List<Integer>> gen = p.step("slow_gen", () -> {
            Thread.sleep(slowMs);
            return List.of(1, 2);
        });
        p.expand(gen, (List<Integer> xs, dev.phasor.api.Expansion into) -> {
            for (int x : xs) {
                into.step("late." + x, Params.of("x", x), LateExpansion::twice);
            }
        });
        Step<Integer> quick = p.step("quick", () -> 1);
        p.step("after_quick", quick, x -> x + 1);
        return p.build();
    }
}
