package dev.phasor.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
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

    /** Manageable in HotSpot: how much of the heap may stay free after a GC before it is given back. */
    private static final String KEEP_FLAG = "MaxHeapFreeRatio";

    private final long baseline;

    private HeapProbe(long baseline) {
        this.baseline = baseline;
    }

    static HeapProbe start() {
        fullGc();
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
        fullGc();
        return Math.max(0, used() - baseline);
    }

    /**
     * A full GC that gives no memory back to the OS. With the default {@code MaxHeapFreeRatio} a full GC shrinks
     * the heap, and the next run pays again to touch the pages it regrows into: on the 2-core test machine that
     * held a warm local {@code payload} of 8 x 64 MiB at 436-518 MB/s, against 2.3-2.7 GB/s with a heap that stays
     * (docs/decisions/0015-the-bench-keeps-its-heap.md).
     */
    private static void fullGc() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String ratio = null;
        try {
            ratio = hotSpot.getVMOption(KEEP_FLAG).getValue();
            hotSpot.setVMOption(KEEP_FLAG, "100");
        } catch (RuntimeException e) { // a JVM without the flag, or where it cannot be set: the GC may shrink
            ratio = null;
        }
        try {
            System.gc();
        } finally {
            if (ratio != null) {
                hotSpot.setVMOption(KEEP_FLAG, ratio);
            }
        }
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
