package dev.phasor.bench.jmh;

import dev.phasor.api.Pipeline;
import dev.phasor.exec.PreparedPipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the coordinator keeps per step, which JMH does not measure: builds one pipeline of N steps (the
 * {@link PlannerBench} shape) in a fresh JVM, then reports the time, the live heap it retains after a
 * full GC, per step, and the peak heap seen. With {@code prepared}, also the step keys, codec and schema
 * document a run holds ({@link PreparedPipeline}). Run it with {@code -Xmx1g}: finishing proves the
 * 1 GiB target. {@code scripts/jmh.sh} runs it for 10^4, 10^5 and 10^6 steps.
 *
 * <p>usage: {@code java -Xmx1g -cp benchmarks.jar dev.phasor.bench.jmh.PlannerHeap STEPS [pipeline|prepared]}
 */
public final class PlannerHeap {

    private PlannerHeap() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: PlannerHeap STEPS [pipeline|prepared]");
            System.exit(64);
        }
        int n = Integer.parseInt(args[0]);
        boolean prepared = args.length > 1 && args[1].equals("prepared");
        long before = liveHeap();
        resetPeaks();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Pipeline pipeline = PlannerBench.build(n);
        long planned = System.nanoTime();
        PreparedPipeline ready = prepared
                ? PreparedPipeline.prepare(pipeline, PlannerHeap.class.getClassLoader(), Path.of("/nonexistent-cache"))
                : null;
        long t1 = System.nanoTime();
        long cpu = processCpuNanos() - cpu0;
        long peak = peakHeap();
        long after = liveHeap();
        if (pipeline.plan().stepCount() != n || (ready != null && ready.keys().size() != n)) {
            throw new IllegalStateException("pipeline of " + n + " steps came out wrong");
        }
        long retained = after - before;
        System.out.printf(Locale.ROOT, "planner-heap steps=%d what=%s buildPlanMs=%.0f prepareMs=%.0f"
                + " processCpuMs=%.0f retainedMiB=%.1f bytesPerStep=%.0f peakHeapMiB=%.0f maxHeapMiB=%d phases=%d%n",
                n, prepared ? "prepared" : "pipeline", (planned - t0) / 1e6, (t1 - planned) / 1e6, cpu / 1e6,
                retained / 1048576.0, retained / (double) n, peak / 1048576.0,
                Runtime.getRuntime().maxMemory() >> 20, pipeline.plan().phases().size());
        // keep both reachable until after the measurement
        if (pipeline.name().isEmpty() || (ready != null && ready.fingerprint().isEmpty())) {
            System.out.println();
        }
    }

    /**
     * CPU time of the whole JVM (all threads: JIT and GC included). On a shared machine wall time
     * includes waiting for a core; this does not.
     */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** Used heap after full collections (System.gc() is honoured by the default G1 collector). */
    private static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any moment since the reset. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
