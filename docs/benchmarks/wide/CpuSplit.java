import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.backend.LocalBackend;
import dev.phasor.exec.Coordinator;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import dev.phasor.plan.Phase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** Per repeat: wall, phase, CPU of the coordinator thread, of the step threads, of the rest (GC, JIT), per step. */
public class CpuSplit {
    static int index(Params p) { return p.getInt("i"); }
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static double stepThreadsCpu; static long stepAlloc;
    static long gcMs() { long t = 0; for (var g : ManagementFactory.getGarbageCollectorMXBeans()) t += g.getCollectionTime(); return t; }
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]); int repeats = Integer.parseInt(a[1]);
        Path work = Path.of(a.length > 2 ? a[2] : "/dev/shm");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 1; r <= repeats; r++) {
            Path cache = Files.createTempDirectory(work, "split");
            PipelineBuilder p = Pipeline.builder("split-" + n);
            for (int i = 0; i < n; i++) p.step("w" + i, Params.of("i", i), CpuSplit::index);
            PreparedPipeline prepared = PreparedPipeline.prepare(p.build(), CpuSplit.class.getClassLoader(), cache);
            long ma0 = ((com.sun.management.ThreadMXBean) MX).getCurrentThreadAllocatedBytes();
            long gc0 = gcMs();
            long main0 = MX.getCurrentThreadCpuTime(); long proc0 = os.getProcessCpuTime();
            double[] phase = new double[1];
            RunListener l = new RunListener() {
                @Override public void phaseFinished(Phase ph, double ms) {
                    phase[0] = ms;
                    double s = 0; long al = 0;
                    var smx = (com.sun.management.ThreadMXBean) MX;
                    for (long id : MX.getAllThreadIds()) {
                        var info = MX.getThreadInfo(id);
                        if (info != null && info.getThreadName().startsWith("phasor-local-")) { s += MX.getThreadCpuTime(id); al += smx.getThreadAllocatedBytes(id); }
                    }
                    stepThreadsCpu = s; stepAlloc = al;
                }
            };
            RunReport rep;
            try (LocalBackend b = new LocalBackend(2)) {
                rep = new Coordinator(prepared, null, l, RunOptions.defaults()).run(b);
            }
            long ma1 = ((com.sun.management.ThreadMXBean) MX).getCurrentThreadAllocatedBytes();
            long main1 = MX.getCurrentThreadCpuTime(); long proc1 = os.getProcessCpuTime();
            double procUs = (proc1 - proc0) / 1e3 / n, mainUs = (main1 - main0) / 1e3 / n, stepUs = stepThreadsCpu / 1e3 / n;
            long f0 = os.getProcessCpuTime();
            double floorMs = dev.phasor.bench.FileSystemFloor.measure(work, n, 2, 68, 320);
            double floorUs = (os.getProcessCpuTime() - f0) / 1e3 / n;
            System.out.printf("repeat %d: wall %.0f ms phase %.0f ms (%.0f steps/s) | cpu us/step: process %.1f coordinator %.1f step-threads %.1f other %.1f | floor %.0f ms (%.0f/s) cpu %.1f us/step | ratio %.2f | alloc B/step coordinator %d step-threads %d | gc %d ms%n",
                r, rep.wallMillis(), phase[0], n / (rep.wallMillis() / 1000), procUs, mainUs, stepUs, procUs - mainUs - stepUs,
                floorMs, n / (floorMs / 1000), floorUs, rep.wallMillis() / floorMs, (ma1 - ma0) / n, stepAlloc / n, gcMs() - gc0);
            if (!rep.succeeded()) throw new IllegalStateException("failed");
            try (var w = Files.walk(cache)) { w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        }
    }
}
