import dev.phasor.api.Pipeline;
import dev.phasor.backend.LocalBackend;
import dev.phasor.exec.*;
import dev.phasor.plan.Phase;
import dev.phasor.cache.StepStatus;
import java.nio.file.*;

/** One payload run in this JVM, like LocalBench, with timestamps of its parts (ms since the run's start). */
public class ColdPayload {
    public static void main(String[] a) throws Exception {
        int repeats = a.length > 0 ? Integer.parseInt(a[0]) : 1;
        Path work = Paths.get(a.length > 1 ? a[1] : "/tmp/cold/work");
        for (int r = 0; r < repeats; r++) {
            Path root = Files.createTempDirectory(work, "run");
            Pipeline pipeline = new dev.phasor.bench.PayloadBench().define();
            PreparedPipeline prepared = PreparedPipeline.prepare(pipeline, ColdPayload.class.getClassLoader(), root);
            long[] t = new long[8];
            int[] n = {0};
            java.util.Map<String, Long> cpu0 = ThreadCpu.snapshot();
            System.out.println("uptime at start ms " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long pc0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            RunListener l = new RunListener() {
                public void runStarted(PreparedPipeline p, int par) { t[0] = System.nanoTime(); }
                public void phaseStarted(Phase ph, int toRun, int c, int s) { t[1 + 2 * ph.index()] = System.nanoTime(); }
                public void stepFinished(StepStatus st) { if (n[0]++ == 0) t[5] = System.nanoTime(); }
                public void phaseFinished(Phase ph, double ms) { t[2 + 2 * ph.index()] = System.nanoTime(); }
                public void runFinished(RunReport rep) { t[6] = System.nanoTime(); }
            };
            RunReport report;
            try (LocalBackend b = new LocalBackend(2)) {
                report = new Coordinator(prepared, null, l, RunOptions.defaults()).run(b);
            }
            long end = System.nanoTime();
            java.util.Map<String, Long> cpu1 = ThreadCpu.snapshot();
            long pc1 = os.getProcessCpuTime();
            java.util.function.LongFunction<String> ms = x -> String.format("%.1f", (x - t0) / 1e6);
            System.out.printf("run %d: wall %.1f ms = %.0f MB/s | runStarted %s p0 %s..%s (first step done %s) p1 %s..%s runFinished %s end %s%n",
                r + 1, report.wallMillis(), 2 * 64 * 1.048576 / (report.wallMillis() / 1000), ms.apply(t[0]), ms.apply(t[1]), ms.apply(t[2]), ms.apply(t[5]),
                ms.apply(t[3]), ms.apply(t[4]), ms.apply(t[6]), ms.apply(end));
            System.out.println("  cpu ms: process=" + (pc1 - pc0) / 1000000 + " " + ThreadCpu.diff(cpu0, cpu1));
            if (System.getProperty("steps") != null) {
                StringBuilder sb = new StringBuilder("  step ms:");
                for (StepStatus st : report.statuses()) sb.append(' ').append(st.step()).append('=').append(String.format("%.1f", st.durationMs()));
                System.out.println(sb);
            }
        }
    }
}
