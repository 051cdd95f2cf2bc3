package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.LateExpansion;
import dev.phasor.testkit.Skewed;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, point 4: {@code --eager} starts a step as soon as its own upstream steps are done. */
class EagerTest {

    @TempDir
    Path cache;

    private RunReport run(Class<? extends dev.phasor.api.PipelineDefinition> definition, boolean eager,
            RunListener listener) {
        return Phasor.runner().cache(cache.resolve(eager ? "eager" : "barrier")).threads(2).eager(eager)
                .listener(listener).run(definition);
    }

    private static Instant started(RunReport r, String step) {
        return Instant.parse(r.status(step).started());
    }

    private static Instant ended(RunReport r, String step) {
        return Instant.parse(r.status(step).ended());
    }

    @Test
    void eagerStartsAStepWhileAnotherStepOfThePreviousPhaseStillRuns() {
        System.setProperty("phasor.test.slowMs", "3000"); // room for a loaded machine
        RunReport r;
        try {
            r = run(Skewed.class, true, RunListener.NONE);
        } finally {
            System.clearProperty("phasor.test.slowMs");
        }
        assertEquals(0, r.exitCode());
        assertEquals(5, r.result("join"));
        assertTrue(started(r, "after_fast").isBefore(ended(r, "slow")),
                "after_fast must not wait for slow: " + r.status("after_fast") + " / " + r.status("slow"));
        assertTrue(!started(r, "join").isBefore(ended(r, "after_slow")), "join still waits for its own upstream");
    }

    @Test
    void phaseBarriersRemainTheDefault() {
        RunReport r = run(Skewed.class, false, RunListener.NONE);
        assertEquals(5, r.result("join"));
        assertTrue(!started(r, "after_fast").isBefore(ended(r, "slow")), "the barrier holds after_fast back");
    }

    @Test
    void eagerGivesTheSameOutcomesAsBarriersWhenAStepFails() {
        RunReport barrier = run(Failing.class, false, RunListener.NONE);
        RunReport eager = run(Failing.class, true, RunListener.NONE);
        for (StepStatus s : barrier.statuses()) {
            assertEquals(s.status(), eager.status(s.step()).status(), s.step());
            assertEquals(s.reason(), eager.status(s.step()).reason(), s.step());
        }
        assertEquals(barrier.exitCode(), eager.exitCode());
    }

    @Test
    void everyPhaseStartsBeforeItsStepEventsAndFinishesAfterThemInBothModes() {
        for (boolean eager : new boolean[] {false, true}) {
            for (Class<? extends dev.phasor.api.PipelineDefinition> def : List.of(Skewed.class, Failing.class)) {
                EventLog log = new EventLog();
                RunReport r = run(def, eager, log);
                int phases = r.statuses().stream().mapToInt(StepStatus::phase).max().orElseThrow() + 1;
                for (int ph = 0; ph < phases; ph++) {
                    int start = log.events.indexOf("start " + ph);
                    int finish = log.events.indexOf("finish " + ph);
                    assertTrue(start >= 0 && finish > start, def.getSimpleName() + " eager=" + eager + ": " + log.events);
                    for (StepStatus s : r.statuses()) {
                        if (s.phase() == ph && log.stepEvent.containsKey(s.step())) {
                            int at = log.stepEvent.get(s.step());
                            assertTrue(at > start && at < finish, s.step() + " eager=" + eager + ": " + log.events);
                        }
                    }
                }
                if (!eager) {
                    for (int ph = 1; ph < phases; ph++) {
                        assertTrue(log.events.indexOf("finish " + (ph - 1)) < log.events.indexOf("start " + ph),
                                "barriers: phases follow each other " + log.events);
                    }
                }
            }
        }
    }

    @Test
    void aPhaseThatGeneratedStepsJoinAfterItFinishedStartsAgain() {
        EventLog log = new EventLog() {
            @Override
            public synchronized void phaseFinished(Phase phase, double millis) {
                super.phaseFinished(phase, millis);
                if (phase.index() == 1) {
                    LateExpansion.PHASE_ONE_FINISHED.countDown(); // the generator may end now
                }
            }
        };
        RunReport r = run(LateExpansion.class, true, log);
        assertEquals(0, r.exitCode());
        assertEquals(4, (int) r.result("late.2"));
        assertEquals(1, r.status("late.1").phase(), "generated steps land in phase 1, beside after_quick");
        for (StepStatus s : r.statuses()) {
            int at = log.stepEvent.get(s.step());
            int start = log.events.subList(0, at).lastIndexOf("start " + s.phase());
            int finish = log.events.subList(0, at).lastIndexOf("finish " + s.phase());
            assertTrue(start >= 0 && finish < start, s.step() + " outside its phase: " + log.events);
            assertTrue(log.events.subList(at, log.events.size()).contains("finish " + s.phase()), s.step() + ": "
                    + log.events);
        }
        assertTrue(log.events.indexOf("finish 1") < log.events.indexOf("step late.1"),
                "phase 1 had finished before late.1 joined it (else this test proves nothing): " + log.events);
    }

    @Test
    void aCachedRunIsTheSameEagerly() {
        RunReport first = run(Skewed.class, true, RunListener.NONE);
        assertEquals(5, first.executed());
        RunReport second = run(Skewed.class, true, RunListener.NONE);
        assertEquals(0, second.executed());
        assertEquals(5, second.result("join"));
    }

    /** Records the order of listener events. */
    private static class EventLog implements RunListener {
        final List<String> events = new ArrayList<>();
        final Map<String, Integer> stepEvent = new HashMap<>();

        @Override
        public synchronized void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
            events.add("start " + phase.index());
        }

        @Override
        public synchronized void stepFinished(StepStatus status) {
            stepEvent.put(status.step(), events.size());
            events.add("step " + status.step());
        }

        @Override
        public synchronized void stepSkipped(StepStatus status) {
            stepEvent.put(status.step(), events.size());
            events.add("skip " + status.step());
        }

        @Override
        public synchronized void phaseFinished(Phase phase, double millis) {
            events.add("finish " + phase.index());
        }
    }
}
