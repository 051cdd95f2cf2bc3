package dev.phasor.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one run: a row of the table, the CSV and the JSON. NaN (empty in CSV, null in JSON)
 * where a figure does not apply or was not measured.
 *
 * @param backend local, mpj or hazelcast
 * @param pipeline wide, layered, chain, payload, skewed or scaling
 * @param count threads (local), ranks (mpj) or workers (hazelcast)
 * @param parallelism what count means, e.g. {@code 2 workers x 2 threads}
 * @param repeat 1-based repetition
 * @param steps steps run
 * @param wallSeconds wall time of the run
 * @param stepsPerSecond steps / wall time
 * @param overheadMicrosPerStep wall x parallelism / steps, less the step's own nominal work
 * @param cpuMicrosPerStep CPU time of the bench JVM (coordinator; local: also the steps) per step
 * @param phaseMinMillis fastest phase
 * @param phaseMedianMillis median phase
 * @param phaseMaxMillis slowest phase
 * @param heapPeakMib coordinator heap peak
 * @param retainedBytesPerStep coordinator heap retained at the end of the run (local: while the coordinator still holds its bookkeeping), per step
 * @param cacheBytes bytes in the cache directory after the run
 * @param payloadMbPerSecond payload: MB written + read through the cache per second
 * @param floorStepsPerSecond the file-system floor's rate (same files, same threads, no Phasor code)
 * @param floorRatio floor rate / Phasor's rate (1 = as fast as the floor; the target is at most 2)
 * @param firstDispatchMillis from the run's start to its first step starting
 * @param speedup scaling: wall at count 1 / this wall (medians of the repeats)
 * @param efficiency scaling: speedup / count
 * @param stepLatencyMicros chain: first step started to last ended / steps, what one dependent step takes
 *     (without the run's start-up: a cluster coordinator's join would otherwise count as steps' time)
 * @param fileFloorMicrosPerStep chain: the file-system floor's time per step
 * @param transportFloorMicros chain on a cluster backend: the transport's own round trip (MPJ ping-pong,
 *     Hazelcast {@code submitToMember}), measured after the run
 * @param transportFloorMbPerSecond payload carried over the network: the same blocks carried by the transport alone
 * @param payloadStepsMbPerSecond payload: its bytes over the steps' span (first step started to last ended), without
 *     the run's start-up (a cluster coordinator's join), as the transport floor is measured
 * @param transportRatio how many times the transport floor Phasor takes (1 = as fast): a chain's step latency /
 *     (round trip + file floor per step), a payload's transport floor MB/s / its MB/s over the steps
 */
public record BenchRow(String backend, String pipeline, int count, String parallelism, int repeat, int steps,
        double wallSeconds, double stepsPerSecond, double overheadMicrosPerStep, double cpuMicrosPerStep,
        double phaseMinMillis,
        double phaseMedianMillis, double phaseMaxMillis, double heapPeakMib, double retainedBytesPerStep,
        long cacheBytes, double payloadMbPerSecond, double floorStepsPerSecond, double floorRatio,
        double firstDispatchMillis, double speedup, double efficiency, double stepLatencyMicros,
        double fileFloorMicrosPerStep, double transportFloorMicros, double transportFloorMbPerSecond,
        double payloadStepsMbPerSecond, double transportRatio) {

    /** Derives the figures of {@code m}; {@code floorMillis} NaN when no floor was measured. */
    static BenchRow of(String backend, BenchPipeline p, int count, String parallelism, int repeat, Measurement m,
            double floorMillis) {
        double wallS = m.wallMillis() / 1000;
        double rate = p.steps() / wallS;
        double payloadRate = p.payloadBytes() == 0 ? Double.NaN : p.payloadBytes() / 1e6 / wallS;
        double payloadStepsRate = p.payloadBytes() == 0 ? Double.NaN : p.payloadBytes() / 1e3 / m.stepsMillis();
        boolean chain = p.id().equals("chain");
        double latency = chain ? m.stepsMillis() * 1000 / p.steps() : Double.NaN;
        double fileFloor = chain ? floorMillis * 1000 / p.steps() : Double.NaN;
        TransportFloor t = m.transport();
        double transportRatio = chain ? latency / (t.roundTripMicros() + fileFloor)
                : t.megabytesPerSecond() / payloadStepsRate;
        double overhead = m.wallMillis() * 1000 * m.parallelism() / p.steps() - p.nominalMicrosPerStep();
        List<Double> phases = new ArrayList<>(m.phaseMillis());
        phases.sort(Double::compare);
        double min = phases.isEmpty() ? Double.NaN : phases.get(0);
        double max = phases.isEmpty() ? Double.NaN : phases.get(phases.size() - 1);
        double median = phases.isEmpty() ? Double.NaN : median(phases);
        double floorRate = Double.isNaN(floorMillis) ? Double.NaN : p.steps() / (floorMillis / 1000);
        return new BenchRow(backend, p.id(), count, parallelism, repeat, p.steps(), wallS, rate, overhead,
                m.cpuMillis() * 1000 / p.steps(), min, median,
                max, m.heapPeakBytes() < 0 ? Double.NaN : m.heapPeakBytes() / 1048576.0,
                m.retainedBytes() < 0 ? Double.NaN : m.retainedBytes() / (double) p.steps(), m.cache().bytes(),
                payloadRate, floorRate, floorRate / rate, m.firstDispatchMillis(), Double.NaN, Double.NaN, latency,
                fileFloor, t.roundTripMicros(), t.megabytesPerSecond(), payloadStepsRate, transportRatio);
    }

    BenchRow withScaling(double speedupValue) {
        return new BenchRow(backend, pipeline, count, parallelism, repeat, steps, wallSeconds, stepsPerSecond,
                overheadMicrosPerStep, cpuMicrosPerStep, phaseMinMillis, phaseMedianMillis, phaseMaxMillis, heapPeakMib,
                retainedBytesPerStep, cacheBytes, payloadMbPerSecond, floorStepsPerSecond, floorRatio,
                firstDispatchMillis, speedupValue, speedupValue / count, stepLatencyMicros, fileFloorMicrosPerStep,
                transportFloorMicros, transportFloorMbPerSecond, payloadStepsMbPerSecond, transportRatio);
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
