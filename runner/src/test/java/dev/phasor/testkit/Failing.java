package dev.phasor.testkit;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;

/**
 * Failure isolation: {@code boom} throws; {@code after_boom} and {@code after_after} are skipped (status 2,
 * blaming {@code boom}); the independent chain {@code ok_1 -> ok_2 -> ok_3} completes with 1, 2, 3; and
 * {@code mixed} (needs {@code ok_1} and {@code boom}) is skipped.
 */
public final class Failing implements PipelineDefinition {

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("failing");
        Step<Integer> boom = p.step("boom", Failing::explode);
        Step<Integer> afterBoom = p.step("after_boom", boom, x -> x + 1);
        p.step("after_after", afterBoom, x -> x + 1);
        Step<Integer> ok1 = p.step("ok_1", () -> 1);
        Step<Integer> ok2 = p.step("ok_2", ok1, x -> x + 1);
        p.step("ok_3", ok2, x -> x + 1);
        p.step("mixed", ok1, boom, Integer::sum);
        return p.build();
    }

    static int explode() {
        throw new IllegalStateException("boom: this step always fails");
    }
}
