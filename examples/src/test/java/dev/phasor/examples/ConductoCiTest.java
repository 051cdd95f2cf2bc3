package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.Phasor;
import dev.phasor.api.ShellResult;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conducto's build-then-test tree: its picture, its run, and a failed build. */
class ConductoCiTest {

    @TempDir
    Path cache;

    private static Map<String, Integer> codes(RunReport report) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        report.statuses().forEach(s -> codes.put(s.step(), s.status()));
        return codes;
    }

    @Test
    void prettyPrintsConductosPicture() {
        assertEquals("""
                /
                ├─0 Build   echo docker build, make, npm i, etc.
                └─1 Test
                  ├─ app   echo run test for app
                  ├─ backend   echo run test for backend
                  └─ metrics   echo run test for metrics""", ConductoCi.tree().pretty());
    }

    @Test
    void buildsThenRunsTheThreeTests() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(ConductoCi.class);

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals("docker build, make, npm i, etc.", ((ShellResult) report.result("Build")).text());
        for (String name : new String[] {"app", "backend", "metrics"}) {
            assertEquals("run test for " + name, ((ShellResult) report.result("Test." + name)).text());
            assertEquals(1, report.status("Test." + name).phase(), "tests run after the build");
        }
        assertEquals(0, report.status("Build").phase());
    }

    @Test
    void aFailedBuildSkipsEveryTestNamingTheBuild() {
        RunReport report = Phasor.runner().cache(cache).run(
                ConductoCi.tree("echo compiling; exit 2").toPipeline("conducto-ci"));

        assertEquals(1, report.exitCode());
        assertEquals(Map.of("Build", 1, "Test.app", 2, "Test.backend", 2, "Test.metrics", 2), codes(report));
        StepStatus app = report.status("Test.app");
        assertEquals("upstream step 'Build' failed", app.reason());
        assertEquals("Build", app.blamedStep());
    }
}
