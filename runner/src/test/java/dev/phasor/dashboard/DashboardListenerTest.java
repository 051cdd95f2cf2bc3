package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Phase;
import dev.phasor.backend.LocalBackend;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import dev.phasor.run.Coordinator;
import dev.phasor.testkit.Watched;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run --dashboard} shows of a resumed run, read from the board as each phase ends: the steps the
 * run reuses are cached, those it runs again end as they end, and the next phase waits as pending.
 */
class DashboardListenerTest {

    @TempDir
    Path tmp;

    private RunReport run(RunListener listener) {
        PreparedPipeline prepared = PreparedPipeline.prepare(new Watched().define(), Watched.class.getClassLoader(), tmp);
        try (LocalBackend backend = new LocalBackend(2)) {
            return new Coordinator(prepared, null, listener, RunOptions.defaults()).run(backend);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> counts(Map<String, Object> snapshot) {
        return (Map<String, Integer>) snapshot.get("counts");
    }

    @Test
    void aResumedRunShowsReusedStepsAsCachedAndTheRestAsTheyEnd() {
        System.setProperty("phasor.test.sleepMs", "1");
        try {
            assertFalse(run(RunListener.NONE).succeeded(), "broken fails");
            StepBoard board = new StepBoard(new dev.phasor.cache.CacheLayout(tmp, "watched"));
            BoardSnapshot snapshots = new BoardSnapshot();
            Map<Integer, Map<String, Object>> afterPhase = new HashMap<>();
            Map<String, Object>[] atEnd = new Map[1];
            RunListener probe = new RunListener() {
                @Override
                public void phaseFinished(Phase phase, double millis) {
                    afterPhase.put(phase.index(), snapshots.build(board));
                }

                @Override
                public void runFinished(RunReport report) {
                    atEnd[0] = snapshots.build(board);
                }
            };
            run(RunListener.all(new DashboardListener(board), probe));

            Map<String, Integer> phase0 = counts(afterPhase.get(0));
            assertEquals(6, phase0.get("cached"), "load_0..5 reused: " + phase0);
            assertEquals(1, phase0.get("failed"), "broken ran again and failed: " + phase0);
            assertEquals(8, phase0.get("pending"), "phases 1 and 2 not started: " + phase0);
            assertTrue((Boolean) afterPhase.get(0).get("live"));

            Map<String, Integer> end = counts(atEnd[0]);
            assertEquals(Map.of("done", 0, "cached", 13, "failed", 1, "skipped", 1, "running", 0, "pending", 0), end);
            assertFalse((Boolean) atEnd[0].get("live"), "the run is over");
        } finally {
            System.clearProperty("phasor.test.sleepMs");
        }
    }
}
