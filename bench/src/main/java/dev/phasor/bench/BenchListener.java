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
    /** CPU of the coordinator's thread (the one calling back) and of this JVM, first phase start to last end. */
    private long threadCpu0 = -1;
    private double processCpu0;
    private long threadCpuNanos = -1;
    private double processCpuMillis = Double.NaN;

    BenchListener(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
        if (threadCpu0 < 0) {
            threadCpu0 = threadCpu();
            processCpu0 = Measurement.processCpuMillis();
        }
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
        if (threadCpu0 >= 0) {
            threadCpuNanos = threadCpu() - threadCpu0;
            processCpuMillis = Measurement.processCpuMillis() - processCpu0;
        }
    }

    /** What the coordinator used over the phases (null if no phase ran or thread CPU is not measurable). */
    Measurement.PhaseCpu phaseCpu() {
        return threadCpuNanos < 0 ? null : new Measurement.PhaseCpu(threadCpuNanos / 1e6, processCpuMillis);
    }

    private static long threadCpu() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : -1;
    }
}
