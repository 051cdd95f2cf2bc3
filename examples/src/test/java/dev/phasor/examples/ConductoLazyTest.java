package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.Phasor;
import dev.phasor.api.ShellResult;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conducto's Lazy example: its picture, and five tests generated at run time. */
class ConductoLazyTest {

    @TempDir
    Path cache;

    @Test
    void prettyPrintsConductosPicture() {
        assertEquals("""
                /
                ├─0 Deploy   echo Deploy service
                └─1 Test
                  ├─0 Generate   ConductoLazy::testService --num_tests=5
                  └─1 Execute""", ConductoLazy.pipe().pretty());
    }

    @Test
    void deploysThenRunsTheFiveGeneratedTests() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(ConductoLazy.class);

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(7, report.statuses().size());
        for (int i = 0; i < 5; i++) {
            StepStatus s = report.status("Test.Execute.RunTest_" + i);
            assertEquals(2, s.phase());
            assertEquals("Testing deployment at https://example.com/look_up_url_at_runtime",
                    ((ShellResult) report.result(s.step())).text());
        }
    }
}
