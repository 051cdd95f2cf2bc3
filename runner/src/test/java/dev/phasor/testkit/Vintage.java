package dev.phasor.testkit;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;

/**
 * The pipeline of the committed cache fixture {@code fixtures/vintage-cache} (written by the scheduler
 * before issue 15): {@code a} = 2 and {@code b} = 6 are done; {@code flaky} failed its first attempt and was
 * done at its second (it returns 2); {@code boom} failed (it succeeds with 40 only when the system property
 * {@code phasor.test.vintage.fixed} is set); {@code after_boom} was skipped; {@code later} was held by
 * {@code --until later}.
 *
 * <p>Do not edit this class: a step's key digests its bytecode, so any change makes the fixture stale.
 */
public final class Vintage implements PipelineDefinition {

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("vintage");
        Step<Integer> a = p.step("a", () -> 2);
        Step<Integer> b = p.step("b", a, x -> x * 3);
        p.step("flaky", () -> {
            int attempt = StepContext.current().attempt();
            if (attempt == 1) {
                throw new IllegalStateException("the first attempt fails");
            }
            return attempt;
        }).retries(1);
        Step<Integer> boom = p.step("boom", () -> {
            if (System.getProperty("phasor.test.vintage.fixed") == null) {
                throw new IllegalStateException("boom: fails until fixed");
            }
            return 40;
        });
        p.step("after_boom", boom, x -> x + 2);
        p.step("later", b, x -> x + 1);
        return p.build();
    }
}
