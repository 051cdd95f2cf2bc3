import dev.phasor.cache.*;
import dev.phasor.exec.*;
import dev.phasor.backend.LocalBackend;
import java.nio.file.*;

public class Stages {
    static long t, c; static StringBuilder sb = new StringBuilder(); static java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    static void mark(String what) { long n = System.nanoTime(), k = MX.getCurrentThreadCpuTime(); sb.append(String.format(" %s=%.1f/%.1f", what, (n - t) / 1e6, (k - c) / 1e6)); t = n; c = k; }
    public static void main(String[] a) throws Exception {
        for (int r = 0; r < 2; r++) {
            sb.setLength(0);
            Path root = Files.createTempDirectory(Paths.get("/dev/shm"), "st");
            var p = dev.phasor.bench.Bench.pipeline(a[0], dev.phasor.bench.BenchSpec.fromSystemProperties());
            t = System.nanoTime(); c = MX.getCurrentThreadCpuTime();
            var def = p.define(); mark("define");
            PreparedPipeline prepared = PreparedPipeline.prepare(def, Stages.class.getClassLoader(), root); mark("prepare");
            CacheLayout layout = prepared.layout();
            layout.create(); mark("create");
            LocalBackend b = new LocalBackend(2);
            SchemaFile.verify(layout, prepared.schema()); mark("verify");
            try (CacheLock lock = CacheLock.acquire(layout)) {
                mark("lock");
                SchemaFile.verifyOrWrite(layout, prepared.schema()); mark("schemaWrite");
                layout.removeTemporaryFiles(); mark("removeTmp");
                layout.stepsWithResultFiles(); layout.stepsWithLogFiles(); mark("listing");
            }
            mark("unlock");
            b.close();
            System.out.println(a[0] + " r" + r + ":" + sb);
        }
    }
}
