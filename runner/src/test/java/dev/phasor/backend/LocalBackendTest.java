package dev.phasor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.Diamond;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 5: the local backend runs each phase on N threads, phase after phase. */
class LocalBackendTest {

    @TempDir
    Path cache;

    @Test
    void diamondOnThreeThreadsGivesTheIndependentlyComputedTotal() {
        RunReport report = Phasor.runner().cache(cache).threads(3).run(Diamond.class);
        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(Diamond.expectedTotal(8), (long) report.result("total"));
        assertEquals(17, report.executed());
    }

    @Test
    void nextPhaseStartsOnlyWhenEveryStepOfThePreviousOneHasEnded() {
        RunReport report = Phasor.runner().cache(cache).threads(3).run(Diamond.class);
        List<StepStatus> statuses = new ArrayList<>(report.statuses());
        for (StepStatus later : statuses) {
            for (StepStatus earlier : statuses) {
                if (earlier.phase() < later.phase()) {
                    assertTrue(!Instant.parse(later.started()).isBefore(Instant.parse(earlier.ended())),
                            () -> later.step() + " started before " + earlier.step() + " ended");
                }
            }
        }
    }

    @Test
    void listenerHearsEveryPhaseInOrder() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        RunListener listener = new RunListener() {
            @Override
            public void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
                heard.add("start " + phase.index() + " run=" + toRun + " cached=" + cached);
            }

            @Override
            public void phaseFinished(Phase phase, double millis) {
                heard.add("end " + phase.index());
            }
        };
        Phasor.runner().cache(cache).threads(2).listener(listener).run(Diamond.class);
        assertEquals(List.of("start 0 run=8 cached=0", "end 0", "start 1 run=8 cached=0", "end 1",
                "start 2 run=1 cached=0", "end 2"), heard);
        heard.clear();
        Phasor.runner().cache(cache).threads(2).listener(listener).run(Diamond.class);
        assertEquals("start 0 run=0 cached=8", heard.get(0));
    }

    @Test
    void threadCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LocalBackend(0));
        assertThrows(IllegalArgumentException.class, () -> Phasor.runner().threads(0));
    }

    @Test
    void localIsTheFirstBackendOnTheClasspath() {
        assertEquals("local", Backends.providers().get(0).id());
        assertThrows(dev.phasor.api.BackendException.class, () -> Backends.provider("nope", Backends.providers()));
    }
}
