package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasor.Phasor;
import dev.phasor.cache.CacheReader;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ezpyp's README pipeline: alpha(3) = 9, beta(2) = 8, gamma = 1.125, phases 0, 0, 1. */
class SimpleTest {

    @TempDir
    Path cache;

    private static void assertValues(RunReport report) {
        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(9, report.result("alpha"));
        assertEquals(8, report.result("beta"));
        assertEquals(1.125, report.result("gamma"));
    }

    @Test
    void runsWithTheExpectedValuesAndPhasesThenResumesWithoutRunningAnything() {
        RunReport first = Phasor.runner().cache(cache).run(Simple.class);
        assertValues(first);
        assertEquals(3, first.executed());
        assertEquals(Map.of("alpha", 0, "beta", 0, "gamma", 1), new Simple().define().plan().phaseOf());
        assertEquals(0, first.status("alpha").phase());
        assertEquals(0, first.status("beta").phase());
        assertEquals(1, first.status("gamma").phase());

        RunReport second = Phasor.runner().cache(cache).run(Simple.class);
        assertEquals(0, second.executed());
        assertValues(second);
    }

    @Test
    void pipelineMainRunsItAndTheCacheReadsBackCold() {
        assertEquals(0, Phasor.main(Simple.class, "--cache", cache.toString(), "--threads", "2"));
        CacheReader reader = CacheReader.open(cache, "simple");
        assertEquals(1.125, reader.result("gamma", Double.class));
        assertEquals(9, reader.result("alpha"));
    }

    @Test
    void anotherJvmPrintsGammaAsTextAndAsJson() throws Exception {
        assertValues(Phasor.runner().cache(cache).run(Simple.class));
        ExampleRuns.Outcome text = ExampleRuns.phasorInAnotherJvm(cache, "result", "--cache", cache.toString(),
                "--pipeline", "simple", "gamma");
        assertEquals(0, text.code(), text::toString);
        assertEquals("1.125", text.out().strip());
        ExampleRuns.Outcome json = ExampleRuns.phasorInAnotherJvm(cache, "result", "--cache", cache.toString(),
                "--pipeline", "simple", "--json", "alpha");
        assertEquals(0, json.code(), json::toString);
        assertEquals(9, new ObjectMapper().readTree(json.out()).asInt());
        ExampleRuns.Outcome status = ExampleRuns.phasorInAnotherJvm(cache, "status", "--cache", cache.toString());
        assertEquals(0, status.code(), status::toString);
        assertTrue(status.out().contains("steps 3: 3 done, 0 failed, 0 skipped, 0 not run"), status.out());
    }

    @Test
    void cliRunPrintsTheSummary() {
        ExampleRuns.Outcome run = ExampleRuns.phasor("run", Simple.class.getName(), "--cache", cache.toString());
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("OK: 3 done (3 ran, 0 cached)"), run.out());
        assertTrue(run.out().contains("gamma"), run.out());
    }
}
