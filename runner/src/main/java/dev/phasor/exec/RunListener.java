package dev.phasor.exec;

import dev.phasor.cache.StepStatus;
import dev.phasor.plan.Phase;

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

    /** A phase starts: {@code toRun} steps dispatched, {@code cached} reused, {@code skipped} skipped. */
    default void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
    }

    /** A dispatched step finished (done or failed). */
    default void stepFinished(StepStatus status) {
    }

    /** A step was skipped because an upstream step failed. */
    default void stepSkipped(StepStatus status) {
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
