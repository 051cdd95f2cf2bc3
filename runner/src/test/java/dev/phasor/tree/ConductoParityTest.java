package dev.phasor.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.StepDefinition;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, point 6: Conducto's default attributes, skip, suppress_errors, Java Execs of their upstream results. */
class ConductoParityTest {

    @TempDir
    Path cache;

    static int fail() {
        throw new IllegalStateException("this test fails");
    }

    static int sum(List<Integer> upstream) {
        return upstream.stream().mapToInt(Integer::intValue).sum();
    }

    static int scaled(Params p, List<Integer> upstream) {
        return p.getInt("factor") * sum(upstream);
    }

    private RunReport run(Pipeline pipeline) {
        return Phasor.runner().cache(cache).threads(2).run(pipeline);
    }

    @Test
    void everyStepStartsFromConductosDefaultAttributes() {
        Parallel root = new Parallel();
        root.put("plain", new Exec("echo plain"));
        root.put("Big", new Serial().cpu(2));
        root.put("Big/heavy", new Exec(() -> 1).attribute("gpu", 1));

        Pipeline pipeline = root.toPipeline("defaults");

        assertEquals(Map.of("cpu", 1.0, "mem", 2.0, "gpu", 0), pipeline.step("plain").attributes());
        assertEquals(Map.of("cpu", 2.0, "mem", 2.0, "gpu", 1), pipeline.step("Big.heavy").attributes());
        assertEquals(Map.of("cpu", 1.0, "mem", 2.0, "gpu", 0), root.get("plain").effectiveAttributes());
    }

    @Test
    void aSkippedNodeIsLeftOutAndWhatFollowsItFollowsWhatCameBefore() {
        Serial root = new Serial();
        root.put("first", new Exec(() -> 1));
        root.put("Flaky", new Parallel().skip(true));
        root.put("Flaky/a", new Exec(ConductoParityTest::fail));
        root.put("also", new Exec(ConductoParityTest::fail).skip(true));
        root.put("last", new Exec(() -> 3));

        Pipeline pipeline = root.toPipeline("skips");
        assertEquals(List.of("first", "last"), pipeline.steps().stream().map(StepDefinition::name).toList());
        assertEquals(List.of("first"), pipeline.step("last").after());
        assertTrue(root.pretty().contains("Flaky   [skipped]"), root.pretty());

        RunReport r = run(pipeline);
        assertEquals(0, r.exitCode(), r::summary);
        assertEquals(3, r.result("last"));
    }

    @Test
    void whatFollowsANodeThatSuppressesErrorsRunsButTheFailureStillFailsTheRun() {
        Serial root = new Serial();
        root.put("Tests", new Parallel().suppressErrors(true));
        root.put("Tests/ok", new Exec(() -> 1));
        root.put("Tests/broken", new Exec(ConductoParityTest::fail));
        root.put("Report", new Exec(() -> 2));
        Serial strict = new Serial();
        strict.put("Tests", new Parallel());
        strict.put("Tests/ok", new Exec(() -> 1));
        strict.put("Tests/broken", new Exec(ConductoParityTest::fail));
        strict.put("Report", new Exec(() -> 2));

        RunReport suppressed = run(root.toPipeline("suppressed"));
        RunReport stopped = run(strict.toPipeline("stopped"));

        assertEquals(StepStatus.DONE, suppressed.status("Report").status(), suppressed::summary);
        assertEquals(StepStatus.FAILED, suppressed.status("Tests.broken").status());
        assertEquals(1, suppressed.exitCode(), "a suppressed failure is still reported");
        assertEquals(StepStatus.SKIPPED, stopped.status("Report").status(), stopped::summary);
    }

    @Test
    void aJavaExecWithUpstreamGetsTheResultsOfTheStepsItFollows() {
        Serial root = new Serial();
        root.put("start", new Exec(() -> 1));
        root.put("Fan", new Parallel());
        root.put("Fan/two", Exec.withUpstream((List<Integer> up) -> 2 + sum(up)));
        root.put("Fan/four", new Exec(() -> 4));
        root.put("total", Exec.withUpstream(ConductoParityTest::sum));
        root.put("scaled", Exec.withUpstream(Params.of("factor", 10), ConductoParityTest::scaled));

        Pipeline pipeline = root.toPipeline("upstream");
        assertEquals(List.of("Fan.two", "Fan.four"), pipeline.step("total").inputs());
        RunReport r = run(pipeline);

        assertEquals(0, r.exitCode(), r::summary);
        assertEquals(3, r.result("Fan.two"), "two follows what its Parallel follows: start");
        assertEquals(7, r.result("total"), "total follows both steps of Fan");
        assertEquals(70, r.result("scaled"));
    }

    @Test
    void aJavaExecWithUpstreamNeedsThemDoneEvenAfterANonStoppingSerial() {
        Serial root = new Serial().stopOnError(false);
        root.put("broken", new Exec(ConductoParityTest::fail));
        root.put("after", Exec.withUpstream(ConductoParityTest::sum));
        Serial first = new Serial();
        first.put("alone", Exec.withUpstream((List<Integer> up) -> up.size()));

        RunReport r = run(root.toPipeline("needs"));

        assertEquals(StepStatus.SKIPPED, r.status("after").status(), r::summary);
        assertFalse(r.succeeded());
        assertEquals(0, run(first.toPipeline("alone")).result("alone"), "nothing upstream: an empty list");
    }
}
