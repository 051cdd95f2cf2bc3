package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow steps, for tests that kill or add workers mid-phase: {@code phasor.test.phases} phases (default 3)
 * of {@code phasor.test.width} steps (default 6), each sleeping {@code phasor.test.sleepMs} (default 400)
 * and returning phase * 1000 + index; the last step sums everything.
 */
public final class Sleepy implements PipelineDefinition {

    /** The expected value of {@code last}. */
    public static long expectedLast(int phases, int width) {
        long sum = 0;
        for (int ph = 0; ph < phases; ph++) {
            for (int i = 0; i < width; i++) {
                sum += ph * 1000L + i;
            }
        }
        return sum;
    }

    @Override
    public Pipeline define() {
        int phases = Integer.getInteger("phasor.test.phases", 3);
        int width = Integer.getInteger("phasor.test.width", 6);
        int sleepMs = Integer.getInteger("phasor.test.sleepMs", 400);
        PipelineBuilder p = Pipeline.builder("sleepy");
        List<Step<Long>> all = new ArrayList<>();
        Step<Long> previous = null;
        for (int ph = 0; ph < phases; ph++) {
            Step<Long> gate = null;
            for (int i = 0; i < width; i++) {
                Params params = Params.of("phase", ph, "i", i, "sleepMs", sleepMs);
                Step<Long> s = previous == null ? p.step("s" + ph + "_" + i, params, Sleepy::nap)
                        : p.step("s" + ph + "_" + i, params, previous, (ps, up) -> nap(ps));
                all.add(s);
                gate = gate == null ? s : gate;
            }
            previous = gate;
        }
        p.stepAll("last", all, Sleepy::sum);
        return p.build();
    }

    static long nap(Params p) throws InterruptedException {
        Thread.sleep(p.getInt("sleepMs"));
        return p.getInt("phase") * 1000L + p.getInt("i");
    }

    static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }
}
