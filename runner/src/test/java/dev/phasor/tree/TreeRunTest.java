package dev.phasor.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.ShellResult;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.FailingTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees run on the local backend: Serial stop-on-error and its opt-out, Parallel independence, env, resume. */
class TreeRunTest {

    @TempDir
    Path cache;

    static Map<String, Integer> codes(RunReport report) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        report.statuses().forEach(s -> codes.put(s.step(), s.status()));
        return codes;
    }

    @Test
    void aFailureStopsItsSerialButNotParallelSiblingsNorANonStoppingSerial() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(FailingTree.class);

        assertEquals(1, report.exitCode(), report::summary);
        assertEquals(Map.of("CI.Build", 0, "CI.Test.unit", 0, "CI.Test.broken", 1, "CI.Test.lint", 0, "CI.Deploy", 2,
                "Cleanup.first", 1, "Cleanup.tidy", 0, "Cleanup.report", 0), codes(report));
        assertEquals(42, report.result("CI.Test.unit"));
        assertEquals("built hello", ((ShellResult) report.result("CI.Build")).text(), "root env reaches the leaves");
        assertEquals("tidy hello", ((ShellResult) report.result("Cleanup.tidy")).text());
        StepStatus deploy = report.status("CI.Deploy");
        assertEquals(StepStatus.State.SKIPPED, deploy.state());
        assertEquals("CI.Test.broken", deploy.blamedStep());
        assertEquals("upstream step 'CI.Test.broken' failed", deploy.reason());
    }

    @Test
    void aNonStoppingSerialRunsItsChildrenInOrderAfterAFailure() {
        RunReport report = Phasor.runner().cache(cache).threads(4).run(FailingTree.class);

        Instant firstEnded = Instant.parse(report.status("Cleanup.first").ended());
        Instant tidyStarted = Instant.parse(report.status("Cleanup.tidy").started());
        Instant tidyEnded = Instant.parse(report.status("Cleanup.tidy").ended());
        Instant reportStarted = Instant.parse(report.status("Cleanup.report").started());
        assertFalse(tidyStarted.isBefore(firstEnded), "tidy started before first ended");
        assertFalse(reportStarted.isBefore(tidyEnded), "report started before tidy ended");
        assertEquals("report", ((ShellResult) report.result("Cleanup.report")).text());
    }

    @Test
    void aRerunReusesFinishedNodesAndRunsTheFailedOnesAgain() {
        RunReport first = Phasor.runner().cache(cache).threads(2).run(FailingTree.class);
        RunReport second = Phasor.runner().cache(cache).threads(2).run(FailingTree.class);

        assertEquals(codes(first), codes(second));
        assertEquals("cached", second.status("CI.Build").run());
        assertEquals("cached", second.status("Cleanup.tidy").run());
        assertEquals("ran", second.status("CI.Test.broken").run());
        assertEquals("ran", second.status("Cleanup.first").run());
    }

    @Test
    void theSchemaRecordsAttributesAndOrderOnlyEdges() throws Exception {
        Phasor.runner().cache(cache).run(FailingTree.class);

        String schema = Files.readString(cache.resolve("failing-tree/pipeline.schema"));
        assertTrue(schema.contains("\"afterFinished\":[\"Cleanup.first\"]"), schema);
        CacheReader reader = CacheReader.open(cache, "failing-tree");
        assertEquals(0, reader.status("Cleanup.report").status());
    }

    @Test
    void treesRunWithTheirInheritedEnvironmentAndCpuAttribute() {
        Parallel root = new Parallel().cpu(2).env("LOG_LEVEL", "1");
        root.put("Node1", new Exec("echo I run with 2 cores, and with LOG_LEVEL=$LOG_LEVEL"));

        RunReport report = Phasor.runner().cache(cache).threads(2).run(root.toPipeline("resources"));

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals("I run with 2 cores, and with LOG_LEVEL=1", ((ShellResult) report.result("Node1")).text());
    }
}
