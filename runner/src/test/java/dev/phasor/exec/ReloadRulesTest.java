package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.key.StepKeys;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyperunner's reload rules (its {@code Task(reload=True)} and hash over parameters and parents) as
 * Phasor runs them: an unchanged step is reused; a changed parameter re-runs the step and everything
 * downstream (with {@code --update}); a step declared {@code reload()} runs every time, with its
 * downstream, and its key does not depend on that flag.
 */
class ReloadRulesTest {

    @TempDir
    Path cache;

    static Pipeline pipeline(int rows, boolean reloadClean) {
        PipelineBuilder p = Pipeline.builder("pyperunner");
        Step<Integer> load = p.step("load", Params.of("rows", rows), ps -> ps.getInt("rows"));
        Step<Integer> clean = p.step("clean", load, n -> n - 1);
        if (reloadClean) {
            clean.reload();
        }
        p.step("report", clean, n -> "rows: " + n);
        p.step("other", () -> 7);
        return p.build();
    }

    private RunReport run(Pipeline pipeline, RunOptions options) {
        return Phasor.runner().cache(cache).threads(2).options(options).run(pipeline);
    }

    private static Map<String, String> runColumn(RunReport r) {
        Map<String, String> m = new LinkedHashMap<>();
        r.statuses().forEach(s -> m.put(s.step(), s.run()));
        return m;
    }

    @Test
    void aReloadedStepRunsEveryTimeWithItsDownstreamAndTheRestIsReused() {
        assertEquals(4, run(pipeline(10, true), RunOptions.defaults()).executed());

        RunReport again = run(pipeline(10, true), RunOptions.defaults());
        assertEquals(Map.of("load", "cached", "clean", "ran", "report", "ran", "other", "cached"), runColumn(again));
        assertEquals("rows: 9", again.result("report"));

        RunReport changed = run(pipeline(20, true), RunOptions.defaults().withUpdate(true));
        assertEquals(Map.of("load", "ran", "clean", "ran", "report", "ran", "other", "cached"), runColumn(changed));
        assertEquals("rows: 19", changed.result("report"));
    }

    @Test
    void withoutReloadAnUnchangedPipelineRunsNothingAndTheFlagIsNotInTheKey() {
        run(pipeline(10, false), RunOptions.defaults());
        assertEquals(0, run(pipeline(10, false), RunOptions.defaults()).executed());
        assertEquals(StepKeys.compute(pipeline(10, false)), StepKeys.compute(pipeline(10, true)));
        assertEquals(2, run(pipeline(10, true), RunOptions.defaults()).executed(), "same schema: no --update needed");
    }
}
