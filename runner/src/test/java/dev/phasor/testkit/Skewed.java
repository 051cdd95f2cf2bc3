package dev.phasor.testkit;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;

/**
 * Uneven step durations, for {@code --eager}: phase 0 has {@code slow} (sleeps {@code phasor.test.slowMs},
 * default 1500) and {@code fast}; phase 1 {@code after_slow} and {@code after_fast}; phase 2 {@code join}.
 * With phase barriers {@code after_fast} starts only once {@code slow} has ended; eagerly it starts while
 * {@code slow} still runs. {@code join} = (1 + 1) + (2 + 1) = 5.
 */
public final class Skewed implements PipelineDefinition {

    @Override
    public Pipeline define() {
        int slowMs = Integer.getInteger("phasor.test.slowMs", 1500);
        PipelineBuilder p = Pipeline.builder("skewed");
        Step<Integer> slow = p.step("slow", () -> {
            Thread.sleep(slowMs);
            return 1;
        });
        Step<Integer> fast = p.step("fast", () -> 2);
        Step<Integer> afterSlow = p.step("after_slow", slow, x -> x + 1);
        Step<Integer> afterFast = p.step("after_fast", fast, x -> x + 1);
        p.step("join", afterSlow, afterFast, Integer::sum);
        return p.build();
    }
}
