package dev.phasor.testkit;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import java.time.Duration;

/**
 * Two chains of short steps, for chains sent ahead (run with {@code --eager}, so that every link may go ahead
 * while the other chain runs): {@code line_0 -> ... -> line_15}, each adding 1 ({@code line_15} = 15), where
 * {@code line_12} fails its first attempt and is done at its second: the steps sent to follow it are withdrawn
 * and go again with its retry; and {@code broken_0 -> ... -> broken_15}, where {@code broken_12} always fails:
 * {@code broken_13..15} are skipped, naming it. The failures come late: a chain goes ahead only once the steps
 * before were measured short, which a cold JVM's first steps are not.
 */
public final class Chains implements PipelineDefinition {

    static final int LENGTH = 16;
    static final int FAILING = 12;

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("chains");
        Step<Integer> line = p.step("line_0", () -> 0);
        for (int i = 1; i < LENGTH; i++) {
            line = i == FAILING ? p.step("line_" + i, line, Chains::flaky).retries(1).backoff(Duration.ofMillis(50))
                    : p.step("line_" + i, line, x -> x + 1);
        }
        Step<Integer> broken = p.step("broken_0", () -> 0);
        for (int i = 1; i < LENGTH; i++) {
            broken = i == FAILING ? p.step("broken_" + i, broken, Chains::explode)
                    : p.step("broken_" + i, broken, x -> x + 1);
        }
        return p.build();
    }

    static int flaky(int x) {
        if (StepContext.current().attempt() == 1) {
            throw new IllegalStateException("the first attempt fails");
        }
        return x + 1;
    }

    static int explode(int x) {
        throw new IllegalStateException("this step always fails");
    }
}
