package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.ShellResult;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.FailingTree;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Conducto tree (Serial stop-on-error, its opt-out, a Parallel with a failing child) run as a real MPJ
 * Express job on the multicore device gets the statuses and values of the local backend.
 */
@Timeout(150)
class MpjTreeTest {

    private static final int JOB_LIMIT_SECONDS = 120;

    @TempDir
    Path work;

    private static Map<String, Integer> codes(List<StepStatus> statuses) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        statuses.forEach(s -> codes.put(s.step(), s.status()));
        return codes;
    }

    @Test
    void aTreeWithFailuresGivesTheStatusesOfTheLocalBackendOnThreeRanks() throws Exception {
        RunReport local = Phasor.runner().cache(work.resolve("local")).threads(2).run(FailingTree.class);
        Path cache = work.resolve("mpj");
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());
        List<String> options = List.of("-np", "3", "-dev", "multicore", "-timeout", Integer.toString(JOB_LIMIT_SECONDS - 20),
                "-cp", MpjLauncher.testClassPath());

        MpjLauncher.Result job = launcher.start(work, options, List.of(), FailingTree.class.getName(),
                "--cache", cache.toString()).await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.STEP_FAILED, job.exitCode(), job::toString);
        CacheReader reader = CacheReader.open(cache, "failing-tree");
        assertEquals(codes(local.statuses().stream().toList()), codes(reader.statuses()));
        assertEquals(Map.of("CI.Build", 0, "CI.Test.unit", 0, "CI.Test.broken", 1, "CI.Test.lint", 0, "CI.Deploy", 2,
                "Cleanup.first", 1, "Cleanup.tidy", 0, "Cleanup.report", 0), codes(reader.statuses()));
        assertEquals(42, reader.result("CI.Test.unit"));
        assertEquals("tidy hello", ((ShellResult) reader.result("Cleanup.tidy")).text());
        assertEquals("upstream step 'CI.Test.broken' failed", reader.status("CI.Deploy").reason());
        assertTrue(reader.statuses().stream().anyMatch(s -> s.worker() != null && s.worker().startsWith("mpj:rank-")),
                "the steps ran on MPJ ranks");
    }
}
