package dev.phasor.cluster.mpj;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What rank 0's JVM spent besides the steps, for its {@code -v} line: JIT compilation (the compilers' elapsed
 * time, which exceeds their CPU on a loaded machine), GC, the process's CPU,
 * the coordinator thread's CPU and, under multicore (all ranks in this JVM), whether the ranks share their
 * classes ({@link SharedClasses}): JIT warm-up on the same cores as the steps is what a rank count costs.
 */
final class JvmCosts {

    private JvmCosts() {
    }

    /**
     * E.g. "JVM: jit compile time 3.41 s, gc 0.02 s, process cpu 9.80 s, coordinator thread cpu 0.61 s; classes
     * shared by the ranks". Call it on the coordinator's thread.
     */
    static String describe() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        double jitSeconds = jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit.getTotalCompilationTime() / 1e3 : -1;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        double processCpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            processCpu = os.getProcessCpuTime() / 1e9;
        }
        double threadCpu = ManagementFactory.getThreadMXBean().isCurrentThreadCpuTimeSupported()
                ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9 : -1;
        String text = String.format(Locale.ROOT,
                "JVM: jit compile time %.2f s, gc %.2f s, process cpu %.2f s, coordinator thread cpu %.2f s",
                jitSeconds, gcMillis / 1e3, processCpu, threadCpu);
        String shared = System.getProperty(SharedClasses.OUTCOME);
        if (shared == null) {
            return text;
        }
        return text + "; " + (SharedClasses.isShared(shared) ? "classes shared by the ranks"
                : "a class loader per rank " + shared);
    }
}
