package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;

/**
 * The runner's own copy of ezpyp's README pipeline (the examples module has {@code Simple}): {@code a} =
 * 3 * 3 = 9 and {@code b} = 2 * 2 * 2 = 8 in phase 0, {@code c} = a / b = 1.125 in phase 1.
 */
public final class Trio implements PipelineDefinition {

    static int square(Params p) {
        return p.getInt("x") * p.getInt("x");
    }

    static int cube(Params p) {
        return p.getInt("x") * p.getInt("x") * p.getInt("x");
    }

    static double ratio(int a, int b) {
        return a / (double) b;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("trio");
        Step<Integer> a = p.step("a", Params.of("x", 3), Trio::square);
        Step<Integer> b = p.step("b", Params.of("x", 2), Trio::cube);
        p.step("c", a, b, Trio::ratio);
        return p.build();
    }
}
