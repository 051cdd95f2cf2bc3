package dev.phasor.bench;

import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects each phase's time, and moves the progress bar, from the coordinator's own events. With a
 * {@link HeapProbe}, it also measures the heap retained when the run finishes, while the coordinator
 * still holds all its bookkeeping (after {@code run} returns only the report is left), and how long that
 * measurement took (its full GC is the probe's, not the run's, so the caller takes it out of the run's times).
 */
final class BenchListener implements RunListener {

    /** Looked up once: a chain reads the CPU clocks at every phase, and each lookup cost more than the read. */
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final Progress progress;
    private final HeapProbe heap;
    /** Heap retained at the end of the run, coordinator included; -1 until measured. */
    long retainedAtEnd = -1;
    double probeWallMillis;
    double probeCpuMillis;
    final List<Double> phaseMillis = new ArrayList<>();
    /** CPU of the coordinator's thread (the one calling back) and of this JVM, first phase start to last end. */
    private long threadCpu0 = -1;
    private double processCpu0;
    private long threadCpuNanos = -1;
    private double processCpuMillis = Double.NaN;

    BenchListener(Progress progress) {
        this(progress, null);
    }

    BenchListener(Progress progress, HeapProbe heap) {
        this.progress = progress;
        this.heap = heap;
    }

    @Override
    public void runFinished(RunReport report) {
        if (heap != null) {
            long t0 = System.nanoTime();
            double cpu0 = Measurement.processCpuMillis();
            retainedAtEnd = heap.retained();
            probeCpuMillis = Measurement.processCpuMillis() - cpu0;
            probeWallMillis = (System.nanoTime() - t0) / 1e6;
        }
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
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
