package dev.phasor.exec;

import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;

/**
 * Hears about a run's progress on the coordinator (for progress output). Called from the coordinator's
 * thread; implementations must be quick.
 */
public interface RunListener {

    /** A listener that does nothing. */
    RunListener NONE = new RunListener() { };

    /** The run is about to start its first phase; {@code parallelism} steps can run at once. */
    default void runStarted(PreparedPipeline prepared, int parallelism) {
    }

    /**
     * A phase starts, before any step event of its own: {@code cached} steps reused and {@code skipped}
     * skipped, {@code toRun} the steps left (dispatched now; eagerly ({@code --eager}) some later, and some
     * of those may still be reported by {@link #stepSkipped} or {@link #stepHeld}). Steps held back at the
     * start count in none of the three. Phases overlap eagerly: events of several phases interleave.
     */
    default void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
    }

    /** A dispatched step finished (done or failed). */
    default void stepFinished(StepStatus status) {
    }

    /** A step was skipped because an upstream step failed. */
    default void stepSkipped(StepStatus status) {
    }

    /** A step is left pending on purpose ({@code --until}, {@code --restart-failed}); its reason says why. */
    default void stepHeld(StepStatus status) {
    }

    /** Every step of the phase has an outcome. */
    default void phaseFinished(Phase phase, double millis) {
    }

    /**
     * The run is over, finished or not (a step still pending or running means it was aborted); the
     * summary is written and the cache is still locked. Not called when the run was refused (schema
     * conflict, cache locked). Must not throw.
     */
    default void runFinished(RunReport report) {
    }

    /** A listener that tells each of {@code listeners}, in order. */
    static RunListener all(RunListener... listeners) {
        return new AllListeners(java.util.List.of(listeners));
    }
}
