package dev.phasor.exec;

import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;
import java.util.List;

/** Tells several listeners, in order (progress on the console plus the run's manifest and report). */
final class AllListeners implements RunListener {

    private final List<RunListener> listeners;

    AllListeners(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void runStarted(PreparedPipeline prepared, int parallelism) {
        listeners.forEach(l -> l.runStarted(prepared, parallelism));
    }

    @Override
    public void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
        listeners.forEach(l -> l.phaseStarted(phase, toRun, cached, skipped));
    }

    @Override
    public void stepFinished(StepStatus status) {
        listeners.forEach(l -> l.stepFinished(status));
    }

    @Override
    public void stepSkipped(StepStatus status) {
        listeners.forEach(l -> l.stepSkipped(status));
    }

    @Override
    public void stepHeld(StepStatus status) {
        listeners.forEach(l -> l.stepHeld(status));
    }

    @Override
    public void phaseFinished(Phase phase, double millis) {
        listeners.forEach(l -> l.phaseFinished(phase, millis));
    }

    @Override
    public void runFinished(RunReport report) {
        listeners.forEach(l -> l.runFinished(report));
    }
}
