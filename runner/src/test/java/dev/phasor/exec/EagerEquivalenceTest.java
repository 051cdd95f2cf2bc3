package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.cache.StepStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On random DAGs with random failures, {@code --eager} and phase barriers give every step the same
 * outcome (status, reason, blamed step, value), with and without {@code --until}: only the timing differs.
 */
class EagerEquivalenceTest {

    @TempDir
    Path tmp;

    static long compute(Params p, List<Long> inputs) {
        if (p.getBoolean("fails")) {
            throw new IllegalStateException("step " + p.getInt("i") + " fails");
        }
        return p.getInt("i") + inputs.stream().mapToLong(Long::longValue).sum();
    }

    static Pipeline randomDag(long seed) {
        Random random = new Random(seed);
        PipelineBuilder p = Pipeline.builder("random");
        List<Step<Long>> steps = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<Step<Long>> inputs = new ArrayList<>();
            for (int k = 0; k < 3 && !steps.isEmpty(); k++) {
                Step<Long> up = steps.get(random.nextInt(steps.size()));
                if (random.nextInt(3) > 0 && !inputs.contains(up)) {
                    inputs.add(up);
                }
            }
            Params params = Params.of("i", i, "fails", random.nextInt(12) == 0);
            steps.add(p.stepAll("s" + i, params, inputs, EagerEquivalenceTest::compute));
        }
        return p.build();
    }

    private RunReport run(Pipeline pipeline, String name, RunOptions options) {
        return Phasor.runner().cache(tmp.resolve(name)).threads(3).options(options).run(pipeline);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void eagerAndBarriersGiveTheSameOutcomes(long seed) {
        Pipeline pipeline = randomDag(seed);
        List<String> until = List.of("s" + (10 + seed * 3));
        for (RunOptions base : List.of(RunOptions.defaults(), RunOptions.defaults().withUntil(until))) {
            RunReport barrier = run(pipeline, "barrier-" + base.until().size(), base);
            RunReport eager = run(pipeline, "eager-" + base.until().size(), base.withEager(true));
            assertEquals(barrier.exitCode(), eager.exitCode());
            for (StepStatus b : barrier.statuses()) {
                StepStatus e = eager.status(b.step());
                String what = "seed " + seed + " until " + base.until() + " step " + b.step();
                assertEquals(b.status(), e.status(), what);
                assertEquals(b.state(), e.state(), what);
                assertEquals(b.reason(), e.reason(), what);
                assertEquals(b.blamedStep(), e.blamedStep(), what);
                assertEquals(b.errorMessage(), e.errorMessage(), what);
                if (b.isDone()) {
                    assertEquals(barrier.result(b.step()), eager.result(b.step()), what);
                }
            }
        }
    }
}
