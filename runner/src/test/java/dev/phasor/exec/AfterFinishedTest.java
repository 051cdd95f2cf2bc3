package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.Step;
import dev.phasor.cache.StepStatus;
import dev.phasor.key.StepKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order-only edge that holds regardless of failure: the step runs once its upstream has finished. */
class AfterFinishedTest {

    @TempDir
    Path cache;

    static int explode() {
        throw new IllegalStateException("always fails");
    }

    private static Pipeline cleanupAfterFailure() {
        PipelineBuilder p = Pipeline.builder("cleanup");
        Step<Integer> work = p.step("work", AfterFinishedTest::explode);
        Step<Integer> dependent = p.step("dependent", work, x -> x + 1);
        Step<Integer> cleanup = p.step("cleanup", () -> 7).afterFinished(work, dependent);
        p.step("after_cleanup", cleanup, x -> x * 2);
        p.step("strict", () -> 0).after(work);
        return p.build();
    }

    @Test
    void aStepAfterFinishedRunsWhenItsUpstreamFailedOrWasSkipped() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(cleanupAfterFailure());

        assertEquals(StepStatus.FAILED, report.status("work").status());
        assertEquals(StepStatus.SKIPPED, report.status("dependent").status());
        assertEquals(StepStatus.SKIPPED, report.status("strict").status(), "after() still requires success");
        assertEquals(7, (int) report.result("cleanup"));
        assertEquals(14, (int) report.result("after_cleanup"));
        assertEquals(2, report.status("cleanup").phase(), "planned after both upstream steps");
        assertEquals(1, report.exitCode());
    }

    @Test
    void afterFinishedIsPartOfTheKeyAndOfPlanningButNotOfTheRequiredUpstream() {
        Pipeline p = cleanupAfterFailure();

        assertEquals(List.of("work", "dependent"), p.step("cleanup").upstream());
        assertEquals(List.of(), p.step("cleanup").requiredUpstream());
        PipelineBuilder plain = Pipeline.builder("cleanup");
        plain.step("cleanup", () -> 7);
        assertNotEquals(StepKeys.compute(plain.build()).get("cleanup"), StepKeys.compute(p).get("cleanup"));
    }

    @Test
    void anUnknownOrSelfAfterFinishedStepIsADefinitionError() {
        PipelineBuilder p = Pipeline.builder("bad");
        p.step("a", () -> 1).afterFinished("nope");
        assertTrue(assertThrows(PipelineDefinitionException.class, p::build).getMessage()
                .contains("step 'a' runs after unknown step 'nope'"));
        PipelineBuilder q = Pipeline.builder("self");
        q.step("a", () -> 1).afterFinished("a");
        assertEquals("cycle: a -> a", assertThrows(PipelineDefinitionException.class, q::build).getMessage());
    }
}
