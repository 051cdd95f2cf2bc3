package dev.phasor.bench;

import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunListener;
import dev.phasor.plan.Phase;
import java.util.ArrayList;
import java.util.List;

/** Collects each phase's time, and moves the progress bar, from the coordinator's own events. */
final class BenchListener implements RunListener {

    private final Progress progress;
    final List<Double> phaseMillis = new ArrayList<>();

    BenchListener(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
        if (cached + skipped > 0) {
            progress.step(cached + skipped);
        }
    }

    @Override
    public void stepFinished(StepStatus status) {
        progress.step(1);
    }

    @Override
    public void phaseFinished(Phase phase, double millis) {
        phaseMillis.add(millis);
    }
}
