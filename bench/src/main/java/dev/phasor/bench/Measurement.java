package dev.phasor.bench;

import java.util.List;

/**
 * What one run of one pipeline measured, before the figures are derived ({@link BenchRow}).
 *
 * @param wallMillis the run, from the coordinator's start to its end (MPJ: first step started to last ended)
 * @param phaseMillis each phase's time, in plan order
 * @param parallelism steps that can run at once (threads x workers, or ranks)
 * @param heapPeakBytes coordinator heap peak (sum of the heap pools' peaks), -1 if not measured
 * @param retainedBytes coordinator heap still used at the end of the run (after a GC) above the baseline, -1 if not
 * @param cache what the run left in the cache directory
 * @param firstDispatchMillis from the run's start to its first step starting, NaN if not measured
 * @param cpuMillis CPU time of this JVM (the coordinator's, and the local backend's threads) during the run,
 *     NaN if the run was in other processes
 * @param phaseCpu the coordinator thread's and this JVM's CPU over the phases (first start to last end), null
 *     where the coordinator is another process (MPJ)
 * @param stepsMillis from the first step starting to the last one ending, as the statuses record them (a chain's
 *     steps one after the other, without the run's start-up), NaN if not measured
 * @param transport the backend's transport floor, measured right after the run ({@link TransportFloor#NONE} if not)
 */
public record Measurement(double wallMillis, List<Double> phaseMillis, int parallelism, long heapPeakBytes,
        long retainedBytes, CacheStats cache, double firstDispatchMillis, double cpuMillis, PhaseCpu phaseCpu,
        double stepsMillis, TransportFloor transport) {

    public Measurement {
        transport = transport == null ? TransportFloor.NONE : transport;
    }

    /** CPU over the phases: the coordinator's own thread, and the whole JVM (both in milliseconds). */
    public record PhaseCpu(double coordinatorThreadMillis, double processMillis) {
    }

    /** Without the steps' own span and a transport floor. */
    public Measurement(double wallMillis, List<Double> phaseMillis, int parallelism, long heapPeakBytes,
            long retainedBytes, CacheStats cache, double firstDispatchMillis, double cpuMillis, PhaseCpu phaseCpu) {
        this(wallMillis, phaseMillis, parallelism, heapPeakBytes, retainedBytes, cache, firstDispatchMillis, cpuMillis,
                phaseCpu, Double.NaN, TransportFloor.NONE);
    }

    /** Without the coordinator's phase CPU. */
    public Measurement(double wallMillis, List<Double> phaseMillis, int parallelism, long heapPeakBytes,
            long retainedBytes, CacheStats cache, double firstDispatchMillis, double cpuMillis) {
        this(wallMillis, phaseMillis, parallelism, heapPeakBytes, retainedBytes, cache, firstDispatchMillis, cpuMillis,
                null);
    }

    /** This measurement with the transport floor measured after it. */
    Measurement withTransport(TransportFloor floor) {
        return new Measurement(wallMillis, phaseMillis, parallelism, heapPeakBytes, retainedBytes, cache,
                firstDispatchMillis, cpuMillis, phaseCpu, stepsMillis, floor);
    }

    /** Looked up once: a chain reads the CPU clock at every phase, and each lookup cost more than the read. */
    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** CPU time used by this JVM so far, in milliseconds. */
    static double processCpuMillis() {
        return OS.getProcessCpuTime() / 1e6;
    }
}
