package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps with known minimum durations and a failure whose message needs escaping, for the times, graph
 * and report tests: {@code sample_1..sample_3} sleep 60, 120 and 180 ms (phase 0); {@code merge} sums
 * them (phase 1); {@code broken} throws with {@link #MESSAGE} (phase 0) and {@code after_broken} is
 * skipped (phase 1).
 */
public final class Timed implements PipelineDefinition {

    /** The failure message: markup that a report must show as text, never as markup. */
    public static final String MESSAGE = "<b>bad</b> & \"quoted\" <script>document.title='pwned'</script>";

    /** Sleep of sample_i in milliseconds. */
    public static int sleepMs(int i) {
        return 60 * i;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("timed");
        List<Step<Integer>> samples = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            samples.add(p.step("sample_" + i, Params.of("ms", sleepMs(i)), Timed::nap));
        }
        p.stepAll("merge", samples, Timed::sum);
        Step<Integer> broken = p.step("broken", Timed::fail);
        p.step("after_broken", broken, x -> x + 1);
        return p.build();
    }

    static int nap(Params p) throws InterruptedException {
        Thread.sleep(p.getInt("ms"));
        return p.getInt("ms");
    }

    static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    static int fail() {
        throw new IllegalStateException(MESSAGE);
    }
}
