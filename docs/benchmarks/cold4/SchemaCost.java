import dev.phasor.cache.SchemaFile;
import dev.phasor.exec.PreparedPipeline;
import java.nio.file.*;

public class SchemaCost {
    public static void main(String[] a) throws Exception {
        Path root = Files.createTempDirectory(Paths.get("/dev/shm"), "sc");
        var p = dev.phasor.bench.Bench.pipeline(a[0], dev.phasor.bench.BenchSpec.fromSystemProperties());
        PreparedPipeline prepared = PreparedPipeline.prepare(p.define(), SchemaCost.class.getClassLoader(), root);
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            SchemaFile.write(root.resolve("s" + i + ".schema"), prepared.schema());
            System.out.printf("%s write %d: %.1f ms wall, %.1f ms cpu, %d bytes%n", a[0], i, (System.nanoTime() - t0) / 1e6,
                    (mx.getCurrentThreadCpuTime() - c0) / 1e6, Files.size(root.resolve("s" + i + ".schema")));
        }
    }
}
