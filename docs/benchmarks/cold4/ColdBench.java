package dev.phasor.bench;

import java.io.PrintStream;
import java.nio.file.*;
import java.util.Map;

/** What Bench.once does for local wide/payload, with the CPU of each JVM thread kind over LocalBench.run. */
public class ColdBench {
    public static void main(String[] a) throws Exception {
        String id = a[0];
        int repeats = Integer.parseInt(a[1]);
        Path work = Paths.get(a[2]);
        BenchSpec spec = BenchSpec.fromSystemProperties();
        Progress progress = new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
        for (int r = 1; r <= repeats; r++) {
            BenchPipeline p = Bench.pipeline(id, spec);
            Path cache = Files.createTempDirectory(work, "cb-");
            boolean floorToo = id.equals("wide");
            double before = floorToo ? FileSystemFloor.measure(work, p.steps(), 2, p.estimatedResultBytes(), 420) : Double.NaN;
            Map<String, Long> c0 = ThreadCpu.snapshot();
            long up0 = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            Measurement m = new LocalBench().run(p, 2, cache, progress, false);
            Map<String, Long> c1 = ThreadCpu.snapshot();
            double floor = Double.NaN;
            if (floorToo) {
                double after = FileSystemFloor.measure(work, p.steps(), 2, m.cache().meanResultBytes(), m.cache().meanStatusBytes());
                floor = Math.min(before, after);
            }
            BenchRow row = BenchRow.of("local", p, 2, "2 threads", r, m, floor);
            System.out.printf("%s r%d up %d ms: wall %.3f s %.0f steps/s ratio %.2f MB/s %.0f first-step %.0f ms cpu %.1f us/step | run cpu ms %s%n",
                    id, r, up0, row.wallSeconds(), row.stepsPerSecond(), row.floorRatio(), row.payloadMbPerSecond(),
                    row.firstDispatchMillis(), row.cpuMicrosPerStep(), ThreadCpu.diff(c0, c1));
            Bench.deleteTree(cache);
        }
    }
}
