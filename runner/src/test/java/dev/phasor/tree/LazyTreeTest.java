package dev.phasor.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.ShellResult;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conducto's Lazy node: a Generate step whose data becomes the subtree run as Execute. */
class LazyTreeTest {

    @TempDir
    Path cache;

    /** Conducto's test_service: the URL is only known at run time. */
    static List<String> testService(Params p) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < p.getInt("num_tests"); i++) {
            urls.add("https://example.com/look_up_url_at_runtime/" + i);
        }
        return urls;
    }

    static Parallel tests(List<String> urls) {
        Parallel output = new Parallel();
        for (int i = 0; i < urls.size(); i++) {
            output.put("RunTest_" + i, new Exec("echo Testing deployment at " + urls.get(i) + " with $LEVEL"));
        }
        return output;
    }

    static Serial pipe(String deploy) {
        Serial root = new Serial().env("LEVEL", "smoke");
        root.put("Deploy", new Exec(deploy));
        root.put("Test", new Lazy(LazyTreeTest::testService, Params.of("num_tests", 3), LazyTreeTest::tests));
        return root;
    }

    @Test
    void prettyShowsGenerateAndExecuteAsConductoDoes() {
        assertEquals("""
                /
                ├─0 Deploy   echo Deploy service
                └─1 Test
                  ├─0 Generate   LazyTreeTest::testService --num_tests=3
                  └─1 Execute""", pipe("echo Deploy service").pretty());
    }

    @Test
    void theGeneratedSubtreeRunsAfterGenerateWithInheritedEnvironment() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(pipe("echo Deploy service").toPipeline("lazy"));

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(List.of("Deploy", "Test.Generate", "Test.Execute.RunTest_0", "Test.Execute.RunTest_1",
                "Test.Execute.RunTest_2"), report.statuses().stream().map(StepStatus::step).toList());
        assertEquals(1, report.status("Test.Generate").phase());
        assertEquals(2, report.status("Test.Execute.RunTest_1").phase());
        assertEquals("Testing deployment at https://example.com/look_up_url_at_runtime/1 with smoke",
                ((ShellResult) report.result("Test.Execute.RunTest_1")).text());

        RunReport again = Phasor.runner().cache(cache).run(pipe("echo Deploy service").toPipeline("lazy"));
        assertTrue(again.statuses().stream().allMatch(s -> "cached".equals(s.run())), again::summary);
    }

    @Test
    void aFailureBeforeTheLazyNodeSkipsGenerateAndGeneratesNothing() {
        RunReport report = Phasor.runner().cache(cache).run(pipe("exit 1").toPipeline("lazy"));

        assertEquals(1, report.exitCode());
        assertEquals(StepStatus.SKIPPED, report.status("Test.Generate").status());
        assertFalse(report.statuses().stream().anyMatch(s -> s.step().startsWith("Test.Execute.")));
    }

    @Test
    void nothingMayBeOrderedAfterALazyNode() {
        Serial root = pipe("echo Deploy service");
        root.put("Undeploy", new Exec("echo bye"));

        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, () -> root.toPipeline("x"));

        assertTrue(e.getMessage().startsWith("'/Undeploy' cannot run after '/Test', which ends in a Lazy node"),
                e.getMessage());
    }
}
