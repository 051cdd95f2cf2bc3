import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
/** The bench's FileSystemFloor loop (same calls), reporting process CPU per step of the loop alone. */
public class FloorCpu {
    static long cpu() { return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); }
    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(a[0]), "floor");
        int steps = Integer.parseInt(a[1]); int resultBytes = Integer.parseInt(a[2]); int statusBytes = Integer.parseInt(a[3]);
        byte[] result = new byte[resultBytes]; byte[] status = new byte[statusBytes];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long c0 = cpu(), t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 2; t++) done.add(pool.submit(() -> {
            for (int i = next.getAndIncrement(); i < steps; i = next.getAndIncrement()) {
                w(dir.resolve("w" + i + ".step"), result); w(dir.resolve("w" + i + ".status"), status);
            }
            return null;
        }));
        for (Future<?> f : done) f.get();
        long c1 = cpu(), t1 = System.nanoTime();
        pool.shutdown();
        System.out.printf(Locale.ROOT, "floor steps=%d wall_s=%.3f steps_per_s=%.0f cpu_us_per_step=%.1f%n", steps, (t1-t0)/1e9, steps/((t1-t0)/1e9), (c1-c0)/1e3/steps);
        try (var s = Files.list(dir)) { s.forEach(p -> { try { Files.delete(p); } catch (Exception e) {} }); }
        Files.delete(dir);
    }
    static void w(Path target, byte[] b) throws Exception {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        Files.write(tmp, b);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
