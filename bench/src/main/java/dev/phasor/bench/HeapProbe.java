package dev.phasor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * This JVM's heap around one run: the peak (sum of every heap pool's peak since {@link #start}, an upper
 * bound of the true peak) and what is still used, after a full GC, above the baseline taken at the start
 * (the coordinator's memory for the pipeline, its plan, keys, statuses and scheduling state). The local
 * bench calls {@link #retained} from the run's last event, while the coordinator is still reachable
 * ({@link BenchListener}): measured after {@code run} returns, its bookkeeping would already be garbage.
 */
final class HeapProbe {

    private final long baseline;

    private HeapProbe(long baseline) {
        this.baseline = baseline;
    }

    static HeapProbe start() {
        System.gc();
        long used = used();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        return new HeapProbe(used);
    }

    long peak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Call while the run's objects are still referenced. */
    long retained() {
        System.gc();
        return Math.max(0, used() - baseline);
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
