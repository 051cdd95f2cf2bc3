package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A generator slower than its neighbours: {@code slow_gen} (phase 0) ends only once {@link #PHASE_ONE_FINISHED} is
 * opened (at most 30 s), and expands into {@code late.1} and {@code late.2}, which land in phase 1 beside
 * {@code after_quick}. A test running it eagerly on local threads opens the latch from its listener when phase 1
 * finishes: the generated steps then join a finished phase.
 */
public final class LateExpansion implements PipelineDefinition {

    /** Opened by the test's listener when phase 1 finishes (local threads share it). */
    public static final CountDownLatch PHASE_ONE_FINISHED = new CountDownLatch(1);

    static int twice(Params p) {
        return 2 * p.getInt("x");
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("late-expansion");
        Step<List<Integer>> gen = p.step("slow_gen", () -> {
            PHASE_ONE_FINISHED.await(30, TimeUnit.SECONDS);
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
