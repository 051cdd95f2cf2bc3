package dev.phasor.testkit;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Records a JVM's heap figures for the load tests, written at exit to
 * {@code <phasor.test.heapOut>/heap-<pid>.properties}:
 * <ul>
 * <li>{@code liveAfterGcPeak}: the highest heap occupancy right after a collection, over every collection
 * of the run (what the JVM had to keep: the live set plus old garbage not yet collected, an upper bound of
 * the live set) — the figure the tests bound;
 * <li>{@code sampledPeak}: the highest heap use sampled every 10 ms (garbage included: it grows towards
 * {@code -Xmx} whatever the live set);
 * <li>{@code poolPeakSum}: the sum of the heap pools' peaks since the JVM started (each pool's own peak);
 * <li>{@code maxHeap}, {@code gcCount}.
 * </ul>
 */
public final class HeapWatch {

    private static final AtomicLong LIVE_AFTER_GC_PEAK = new AtomicLong();
    private static final AtomicLong SAMPLED_PEAK = new AtomicLong();
    private static final AtomicLong GC_COUNT = new AtomicLong();

    private HeapWatch() {
    }

    /** Starts recording if {@code phasor.test.heapOut} names a directory; once per JVM (class init). */
    static void installIfAsked() {
        String out = System.getProperty("phasor.test.heapOut");
        if (out == null || out.isBlank()) {
            return;
        }
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long after = 0;
                for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(e.getKey())) {
                        after += e.getValue().getUsed();
                    }
                }
                GC_COUNT.incrementAndGet();
                LIVE_AFTER_GC_PEAK.accumulateAndGet(after, Math::max);
            }, null, null);
        }
        Thread sampler = new Thread(() -> {
            while (true) {
                SAMPLED_PEAK.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10); // sampling interval
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(out)), "heap-watch-report"));
    }

    private static void write(Path dir) {
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage peak = pool.getPeakUsage();
            if (pool.getType() == MemoryType.HEAP && peak != null) {
                poolPeaks += peak.getUsed();
            }
        }
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("liveAfterGcPeak", Long.toString(LIVE_AFTER_GC_PEAK.get()));
        p.setProperty("sampledPeak", Long.toString(SAMPLED_PEAK.get()));
        p.setProperty("poolPeakSum", Long.toString(poolPeaks));
        p.setProperty("maxHeap", Long.toString(Runtime.getRuntime().maxMemory()));
        p.setProperty("gcCount", Long.toString(GC_COUNT.get()));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".heap-" + ProcessHandle.current().pid() + ".tmp");
            try (OutputStream o = Files.newOutputStream(tmp)) {
                p.store(o, "heap figures of pid " + ProcessHandle.current().pid());
            }
            Files.move(tmp, dir.resolve("heap-" + ProcessHandle.current().pid() + ".properties"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("heap-watch: cannot write " + dir + ": " + e);
        }
    }

    /** The figures a JVM wrote, by its pid. */
    public record Figures(long pid, long liveAfterGcPeak, long sampledPeak, long poolPeakSum, long maxHeap, long gcCount) {
        public static Figures read(Path dir, long pid) throws IOException {
            Path file = dir.resolve("heap-" + pid + ".properties");
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("no heap figures from pid " + pid + " in " + dir);
            }
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            return new Figures(pid, Long.parseLong(p.getProperty("liveAfterGcPeak")),
                    Long.parseLong(p.getProperty("sampledPeak")), Long.parseLong(p.getProperty("poolPeakSum")),
                    Long.parseLong(p.getProperty("maxHeap")), Long.parseLong(p.getProperty("gcCount")));
        }

        public String mib() {
            return String.format("live after GC peak %.1f MiB, sampled peak %.1f MiB, pool peaks %.1f MiB, max heap %d MiB,"
                    + " %d GCs", liveAfterGcPeak / 1048576.0, sampledPeak / 1048576.0, poolPeakSum / 1048576.0,
                    maxHeap >> 20, gcCount);
        }
    }
}
