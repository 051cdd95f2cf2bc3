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
 * A generator slower than its neighbours: {@code slow_gen} (phase 0) ends only after {@code after_quick} has, and
 * then {@code phasor.test.slowMs} (default 1000) more for its report to reach the coordinator; it expands into
 * {@code late.1} and {@code late.2}, which land in phase 1 beside {@code after_quick}. Run eagerly on local threads,
 * phase 1 has finished by the time they join it.
 */
public final class LateExpansion implements PipelineDefinition {

    /** Opened by {@code after_quick} (local threads share it). */
    private static final CountDownLatch AFTER_QUICK = new CountDownLatch(1);

    static int twice(Params p) {
        return 2 * p.getInt("x");
    }

    @Override
    public Pipeline define() {
        int slowMs = Integer.getInteger("phasor.test.slowMs", 1000);
        PipelineBuilder p = Pipeline.builder("late-expansion");
        Step<List<Integer>> gen = p.step("slow_gen", () -> {
            AFTER_QUICK.await(30, TimeUnit.SECONDS);
            Thread.sleep(slowMs);
            return List.of(1, 2);
        });
        p.expand(gen, (List<Integer> xs, dev.phasor.api.Expansion into) -> {
            for (int x : xs) {
                into.step("late." + x, Params.of("x", x), LateExpansion::twice);
            }
        });
        Step<Integer> quick = p.step("quick", () -> 1);
        p.step("after_quick", quick, x -> {
            AFTER_QUICK.countDown();
            return x + 1;
        });
        return p.build();
    }
}
