package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.ShellResult;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.Dynamic;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dynamic pipeline as a real MPJ Express job (multicore device): rank 0 runs the generators and plans
 * their expansions; worker ranks meet generated step names they were not built with and re-apply the
 * expansions to the cached data, getting the same steps and keys as the local backend.
 */
@Timeout(150)
class MpjDynamicTest {

    private static final int JOB_LIMIT_SECONDS = 120;

    @TempDir
    Path work;

    private static Map<String, String> keys(List<StepStatus> statuses) {
        Map<String, String> keys = new LinkedHashMap<>();
        statuses.forEach(s -> keys.put(s.step(), s.status() + ":" + s.key()));
        return keys;
    }

    private MpjLauncher.Result job(Path cache) throws Exception {
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());
        List<String> options = List.of("-np", "3", "-dev", "multicore", "-timeout", Integer.toString(JOB_LIMIT_SECONDS - 20),
                "-cp", MpjLauncher.testClassPath());
        return launcher.start(work, options, List.of(), Dynamic.class.getName(), "--cache", cache.toString())
                .await(JOB_LIMIT_SECONDS);
    }

    @Test
    void generatedStepsRunOnWorkerRanksWithTheKeysAndValuesOfTheLocalBackendAndResume() throws Exception {
        RunReport local = Phasor.runner().cache(work.resolve("local")).threads(2).run(Dynamic.class);
        Path cache = work.resolve("mpj");

        MpjLauncher.Result first = job(cache);

        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        CacheReader reader = CacheReader.open(cache, "dynamic");
        assertEquals(keys(local.statuses().stream().toList()), keys(reader.statuses()));
        assertEquals(Dynamic.expectedTotal(6), reader.result("total"));
        assertEquals("part 2", ((ShellResult) reader.result("cat.2")).text());
        assertTrue(reader.statuses().stream().anyMatch(s -> (s.step().startsWith("square.") || s.step().startsWith("cat."))
                && !"mpj:rank-0".equals(s.worker())), "no generated step ran on a worker rank");

        MpjLauncher.Result again = job(cache);

        assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
        assertTrue(again.out().contains("OK: 13 done (0 ran, 13 cached)"), again::toString);
    }
}
