package dev.phasor.bench;

import dev.phasor.bench.model.Calibration;
import dev.phasor.bench.model.ThroughputModel;
import dev.phasor.bench.model.ThroughputModel.Placement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code phasor bench model --calibrate}: measures the model's per-step costs on this machine with the bench's
 * own runs (wide at one slot, the file-system floor at 1 and 2 threads, the coordinator thread's CPU), then
 * predicts runs it did not fit on (other slot counts, layered, chain, skewed) and measures them too, so the
 * prediction error is reported next to the calibration.
 */
final class ModelCalibrator {

    /** One predicted-and-measured configuration. */
    record Check(String backend, String pipeline, String config, boolean fitted, int steps, double measuredStepsPerS,
            double slowestStepsPerS, double predictedStepsPerS) {

        double errorPercent() {
            return 100 * (predictedStepsPerS - measuredStepsPerS) / measuredStepsPerS;
        }
    }

    private final Path work;
    private final int wideSteps;
    private final int threads;
    private final PrintWriter out;
    private final Progress progress = Progress.forConsole(new java.io.PrintWriter(System.err, true));
    private final Map<String, Calibration.Backend> backends = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    final List<Check> checks = new ArrayList<>();
    private double fsSerial;
    private double hostCores = 1;
    private double fsParallel;

    private final int repeat;

    /** {@code repeat}: runs of each configuration, the fastest counting (a shared machine only ever slows a run). */
    ModelCalibrator(Path work, int wideSteps, int repeat, PrintWriter out) {
        this.work = work;
        this.wideSteps = wideSteps;
        this.repeat = repeat;
        this.threads = 2;
        this.out = out;
    }

    Calibration run(List<String> which) throws Exception {
        Files.createDirectories(work);
        int all = Runtime.getRuntime().availableProcessors();
        notes.put("host.cores", String.valueOf(all));
        double cores = all;
        notes.put("date", Instant.now().toString());
        notes.put("work", work.toString());
        notes.put("command", "phasor bench model --calibrate --work " + work + " --steps " + wideSteps + " --repeat "
                + repeat + " --backend " + String.join(",", which));
        cores = effectiveCores(cores);
        notes.put("host.effectiveCores", fmt2(cores));
        fileSystem();
        Calibration.Backend local = local();
        if (which.contains("mpj")) {
            mpj(local);
        }
        if (which.contains("hazelcast")) {
            hazelcast();
        }
        return new Calibration(backends, notes);
    }

    /**
     * The parallel speed-up busy threads get on this host right now (best of 3): {@code cores} when it is idle,
     * less when other processes compete. The model's one-host placement uses it as the cores the workers share.
     */
    private double effectiveCores(double cores) throws Exception {
        int c = (int) cores;
        double best = 0;
        for (int round = 0; round < 3; round++) {
            double one = spin(1);
            double many = spin(c);
            best = Math.max(best, c * one / many);
        }
        hostCores = Math.max(1, Math.min(cores, best));
        out.printf(Locale.ROOT, "host: %d cores, busy threads get %.2f of them (spin test)%n", c, hostCores);
        return hostCores;
    }

    /** Wall ms for {@code threads} threads each doing the same fixed CPU work. */
    private static double spin(int threads) throws Exception {
        List<Thread> ts = new ArrayList<>();
        long[] sink = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(new Thread(() -> {
                long x = id + 1;
                for (int i = 0; i < 150_000_000; i++) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                sink[id] = x;
            }));
        }
        long t0 = System.nanoTime();
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        if (java.util.Arrays.stream(sink).allMatch(v -> v == 0)) {
            throw new IllegalStateException("spin test produced nothing");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Amdahl on the floor: wall per step at 1 and 2 threads gives the serial (directory lock) and parallel parts. */
    private void fileSystem() throws Exception {
        int n = wideSteps;
        double t1 = Double.POSITIVE_INFINITY;
        double t2 = Double.POSITIVE_INFINITY;
        for (int r = 0; r < Math.max(3, repeat); r++) { // interleaved, so a busy spell hits both alike
            t1 = Math.min(t1, FileSystemFloor.measure(work, n, 1, 70, 420) * 1000 / n);
            t2 = Math.min(t2, FileSystemFloor.measure(work, n, 2, 70, 420) * 1000 / n);
        }
        fsSerial = Math.max(0, Math.min(t1, 2 * t2 - t1));
        fsParallel = t1 - fsSerial;
        notes.put("fs.floorMicrosPerStep1Thread", fmt(t1));
        notes.put("fs.floorMicrosPerStep2Threads", fmt(t2));
        out.printf(Locale.ROOT, "file-system floor (2 files written + renamed per step): %.1f us/step at 1 thread, %.1f at"
                + " 2 -> serial %.1f us, parallel %.1f us%n", t1, t2, fsSerial, fsParallel);
    }

    private Calibration.Backend local() throws Exception {
        try (BackendBench b = new LocalBench()) {
            BenchSpec spec = BenchSpec.DEFAULT.withSteps(wideSteps, 1000);
            single(b, new WideBench(spec), 1); // JIT warm-up, not used
            Measurement m = once(b, new WideBench(spec), 1);
            int n = wideSteps;
            double phase = phaseMicros(m) / n;
            double coord = m.phaseCpu().coordinatorThreadMillis() * 1000 / n;
            double other = (m.phaseCpu().processMillis() - m.phaseCpu().coordinatorThreadMillis()) * 1000 / n;
            // the fit: at one slot a step's time is coordinator + worker + file system, so the worker's part is the rest
            double worker = 0;
            Calibration.Backend noWorker = new Calibration.Backend(coord, 0, 0, 0, 0, fsSerial, 1, 0);
            worker = fit(w -> predictMicros("local", noWorker.withWorker(w), wide(n), 1, 1), phaseMicros(m));
            CacheStats cs = m.cache();
            notes.put("fs.resultBytesPerStep", String.valueOf(cs.meanResultBytes()));
            notes.put("fs.statusBytesPerStep", String.valueOf(cs.meanStatusBytes()));
            notes.put("local.stepThreadCpuMicros", fmt(other));
            out.printf(Locale.ROOT, "local wide %d, 1 thread: %.1f us/step; coordinator thread %.1f us CPU/step, step"
                    + " thread(s) %.1f us CPU/step -> worker part %.1f us%n", n, phase, coord, other, worker);
            BenchSpec d = BenchSpec.DEFAULT;
            Measurement chain = once(b, new ChainBench(d), 1);
            Calibration.Backend noPhase = noWorker.withWorker(worker);
            double phaseCost = fit(x -> predictMicros("local", noPhase.withPhase(x), grid(d.chainSteps(), 1), 1, 1),
                    phaseMicros(chain));
            Calibration.Backend cal = noPhase.withPhase(phaseCost);
            out.printf(Locale.ROOT, "local chain %d, 1 thread: %.1f us/phase -> phase cost %.1f us (fitted)%n",
                    d.chainSteps(), phaseMicros(chain) / d.chainSteps(), phaseCost);
            backends.put("local", cal);
            notes.put("local.source", "coordinatorMicros = the coordinator thread's CPU (wide " + n + ", 1 thread);"
                    + " workerMicros fitted to that run, phaseMicros to chain at 1 thread; fsSerialMicros from the"
                    + " file-system floor at 1 and 2 threads");
            ThroughputModel model = new ThroughputModel("local", cal, hostCores);
            checks.add(check("local", "wide", "1 thread", true, m, model, wide(n), 1, 1));
            checks.add(check("local", "chain", "1 thread", true, chain, model, grid(d.chainSteps(), 1), 1, 1));
            for (int t : new int[] {2, 4}) {
                checks.add(check("local", "wide", t + " threads", false, once(b, new WideBench(spec), t), model, wide(n),
                        t, 1));
            }
            checks.add(check("local", "layered", "2 threads", false, once(b, new LayeredBench(d), 2), model,
                    grid(d.layeredPhases(), d.layeredWidth()), 2, 1));
            checks.add(check("local", "chain", "2 threads", false, once(b, new ChainBench(d), 2), model,
                    grid(d.chainSteps(), 1), 2, 1));
            checks.add(check("local", "skewed", "2 threads", false, once(b, new SkewedBench(d), 2), model, skewed(d), 2,
                    1));
            return cal;
        }
    }

    /**
     * MPJ: rank 0 runs in another JVM, so its coordinator thread cannot be measured here; it runs the same core
     * coordinator as the local backend, whose CPU per step is taken (a lower bound: the rank link's message
     * handling is not in it). The worker part (the rank's step, its cache writes, the link's hand-offs) is the one
     * parameter fitted, to wide at -np 2.
     */
    private void mpj(Calibration.Backend local) throws Exception {
        int n = Math.min(wideSteps, 5000);
        BenchSpec spec = BenchSpec.DEFAULT.withSteps(n, 1000);
        double rtt = 21; // MpjRoundTrip ping-pong median, multicore (docs/performance.md)
        try (BackendBench b = new MpjBench("multicore", spec, false)) {
            Measurement m = once(b, new WideBench(spec), 2);
            double measured = phaseMicros(m);
            Calibration.Backend base = new Calibration.Backend(local.coordinatorMicros(), 0, 0, rtt, 0, fsSerial, 1,
                    local.phaseMicros());
            double worker = fit(w -> predictMicros("mpj", base.withWorker(w), wide(n), 2, 1), measured);
            Calibration.Backend cal = base.withWorker(worker);
            backends.put("mpj", cal);
            notes.put("mpj.source", "workerMicros fitted to wide " + n + " at -np 2 multicore; coordinatorMicros and"
                    + " phaseMicros from the local calibration (same core coordinator; the rank link's message handling"
                    + " is not measured: a lower bound); rttMicros from MpjRoundTrip (docs/performance.md)");
            out.printf(Locale.ROOT, "mpj wide %d, -np 2: %.1f us/step -> worker part %.1f us (fitted)%n", n,
                    measured / n, worker);
            ThroughputModel model = new ThroughputModel("mpj", cal, hostCores);
            checks.add(check("mpj", "wide", "2 ranks", true, m, model, wide(n), 2, 1));
            checks.add(check("mpj", "wide", "4 ranks", false, once(b, new WideBench(spec), 4), model, wide(n), 4, 1));
            BenchSpec d = BenchSpec.DEFAULT;
            checks.add(check("mpj", "layered", "2 ranks", false, once(b, new LayeredBench(d), 2), model,
                    grid(d.layeredPhases(), d.layeredWidth()), 2, 1));
            checks.add(check("mpj", "skewed", "2 ranks", false, once(b, new SkewedBench(d), 2), model, skewed(d), 2, 1));
        }
    }

    /**
     * Hazelcast: the coordinator thread's CPU at the short-step batch (wide) and one step per invocation (12 ms
     * steps) separates the per-step and per-message costs; the worker part is fitted to wide at one worker.
     */
    private void hazelcast() throws Exception {
        int n = Math.min(wideSteps, 5000);
        // one spec for every run on these workers (they rebuild the pipelines from it): skewed is 200 x 12 ms here
        BenchSpec spec = BenchSpec.DEFAULT.withSteps(n, 1000).withShape(20, 100, 1, 200)
                .withWork(64, 12, 12, 16, 100_000_000);
        BenchSpec slow = spec;
        double rtt = 345; // HazelcastRawSubmitBench, one at a time (docs/performance.md)
        try (BackendBench b = new HazelcastBench(threads, spec, work, false, false)) {
            single(b, new WideBench(spec), 1); // the coordinator's first join and JIT warm-up, not used
            Measurement m = once(b, new WideBench(spec), 1);
            double cb = m.phaseCpu().coordinatorThreadMillis() * 1000 / n;
            double other = (m.phaseCpu().processMillis() - m.phaseCpu().coordinatorThreadMillis()) * 1000 / n;
            double batch = effectiveBatch(n, threads);
            Measurement ms = once(b, new SkewedBench(slow), 1);
            double c1 = ms.phaseCpu().coordinatorThreadMillis() * 1000 / slow.skewedWidth();
            // c1 = step + 2 msg ; cb = step + 2 msg / batch
            double msg = Math.max(0, (c1 - cb) / (2 - 2 / batch));
            double step = Math.max(0, c1 - 2 * msg);
            out.printf(Locale.ROOT, "hazelcast coordinator thread: %.1f us/step at batch %.1f (wide %d), %.1f us/step at"
                    + " batch 1 (12 ms steps) -> %.1f us/step + %.1f us/message; other threads %.1f us/step%n", cb,
                    batch, n, c1, step, msg, other);
            Calibration.Backend base = new Calibration.Backend(step, msg, other, rtt, 0, fsSerial, ClusterBatch.MAX,
                    backends.get("local").phaseMicros());
            double measured = phaseMicros(m);
            int bw = (int) Math.round(batch);
            double worker = fit(w -> predictMicros("hazelcast", base.withWorker(w), wide(n), threads, bw), measured);
            Calibration.Backend cal = base.withWorker(worker);
            backends.put("hazelcast", cal);
            notes.put("hazelcast.source", "coordinatorMicros and messageMicros from the coordinator thread's CPU (wide "
                    + n + " batched, 200 x 12 ms unbatched, 1 worker x " + threads + " threads); workerMicros fitted to"
                    + " wide at 1 worker; rttMicros from HazelcastRawSubmitBench (docs/performance.md)");
            out.printf(Locale.ROOT, "hazelcast wide %d, 1 worker x %d: %.1f us/step -> worker part %.1f us (fitted)%n", n,
                    threads, measured / n, worker);
            ThroughputModel model = new ThroughputModel("hazelcast", cal, hostCores);
            checks.add(check("hazelcast", "wide", "1 worker x " + threads, true, m, model, wide(n), threads, bw));
            checks.add(check("hazelcast", "uniform 12 ms", "1 worker x " + threads, false, ms, model,
                    grid(1, slow.skewedWidth(), 12_000), threads, 1));
            checks.add(check("hazelcast", "wide", "2 workers x " + threads, false, once(b, new WideBench(spec), 2), model,
                    wide(n), 2 * threads, (int) Math.round(effectiveBatch(n, 2 * threads))));
            BenchSpec d = BenchSpec.DEFAULT;
            checks.add(check("hazelcast", "layered", "2 workers x " + threads, false, once(b, new LayeredBench(d), 2),
                    model, grid(d.layeredPhases(), d.layeredWidth()), 2 * threads,
                    (int) Math.round(effectiveBatch(d.layeredWidth(), 2 * threads))));
        }
    }

    /** The engine's batching rule for Hazelcast workers (Placer, with HazelcastTransport's maxBatch and prefetch 1). */
    static final class ClusterBatch {
        static final int MAX = 100;
    }

    /**
     * Mean steps per invocation when a phase of {@code ready} short steps is dispatched to {@code slots} threads:
     * each invocation takes min(100, ready / (2 x slots)), at least 1, as the engine's Placer does.
     */
    static double effectiveBatch(int ready, int slots) {
        int invocations = 0;
        for (int left = ready; left > 0; invocations++) {
            left -= Math.max(1, Math.min(ClusterBatch.MAX, left / (2 * slots)));
        }
        return ready / (double) Math.max(1, invocations);
    }

    /** Smallest x in [0, 1 s] whose prediction reaches {@code measured} (predictions grow with x); 0 if even 0 is slower. */
    static double fit(DoubleUnaryOperator predicted, double measured) {
        double lo = 0;
        double hi = 1e6;
        if (predicted.applyAsDouble(lo) >= measured) {
            return 0;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (predicted.applyAsDouble(mid) < measured) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private double predictMicros(String backend, Calibration.Backend cal, List<double[]> phases, int slots, int batch) {
        return new ThroughputModel(backend, cal, hostCores)
                .simulate(phases, slots, batch, Placement.ONE_HOST).totalMicros();
    }

    private Check check(String backend, String pipeline, String config, boolean fitted, Measurement m,
            ThroughputModel model, List<double[]> phases, int slots, int batch) {
        int steps = phases.stream().mapToInt(p -> p.length).sum();
        double nominal = phases.stream().flatMapToDouble(Arrays::stream).average().orElse(0);
        if (nominal > 0) {
            // sleeping steps: the model is given the durations the steps really had (a loaded machine wakes
            // sleepers late), not the nominal ones
            double late = Math.max(0, meanStepMicros.getOrDefault(m, nominal) - nominal);
            List<double[]> observed = new ArrayList<>();
            for (double[] p : phases) {
                observed.add(Arrays.stream(p).map(v -> v + late).toArray());
            }
            phases = observed;
            out.printf(Locale.ROOT, "  (%s %s: steps ran %.0f us longer than their sleep on average)%n", backend,
                    pipeline, late);
        }
        double measured = steps / (phaseMicros(m) / 1e6);
        double predicted = model.simulate(phases, slots, batch, Placement.ONE_HOST).stepsPerSecond(steps);
        double slowest = steps / (slowestMicros.getOrDefault(m, phaseMicros(m)) / 1e6);
        Check c = new Check(backend, pipeline, config, fitted, steps, measured, slowest, predicted);
        out.printf(Locale.ROOT, "  %-9s %-14s %-16s %-9s measured %9.1f steps/s (slowest repeat %9.1f), model %9.1f"
                + " (%+.0f %%)%n", backend, pipeline, config, fitted ? "(fitted)" : "", measured, slowest, predicted,
                c.errorPercent());
        out.flush();
        return c;
    }

    /** The slowest repeat of each measurement {@link #once} returned: the run-to-run spread of this machine. */
    private final Map<Measurement, Double> slowestMicros = new java.util.IdentityHashMap<>();

    /** The fastest of {@code repeat} runs (by the sum of phase times). */
    private Measurement once(BackendBench b, BenchPipeline p, int count) throws Exception {
        Measurement best = null;
        double slowest = 0;
        for (int r = 0; r < repeat; r++) {
            Measurement m = single(b, p, count);
            slowest = Math.max(slowest, phaseMicros(m));
            best = best == null || phaseMicros(m) < phaseMicros(best) ? m : best;
        }
        slowestMicros.put(best, slowest);
        return best;
    }

    /** Mean step duration the statuses recorded, per measurement (sleeps overshoot on a loaded machine). */
    private final Map<Measurement, Double> meanStepMicros = new java.util.IdentityHashMap<>();

    private Measurement single(BackendBench b, BenchPipeline p, int count) throws Exception {
        Path cache = Files.createTempDirectory(work, "model-" + p.id() + "-");
        try {
            progress.begin(b.id() + " " + p.id() + " (" + b.describe(p, count) + ")", p.steps());
            Measurement m = b.run(p, count, cache, progress, false);
            progress.end(b.id() + " " + p.id() + " done");
            List<dev.phasor.cache.StepStatus> statuses = dev.phasor.cache.CacheReader.open(cache, p.define().name())
                    .statuses();
            meanStepMicros.put(m, 1000 * statuses.stream().mapToDouble(dev.phasor.cache.StepStatus::durationMs)
                    .average().orElse(0));
            return m;
        } finally {
            Bench.deleteTree(cache);
        }
    }

    /** Sum of the phases' times: what the model predicts (start-up and the summary are not steps/s). */
    private static double phaseMicros(Measurement m) {
        return m.phaseMillis().stream().mapToDouble(Double::doubleValue).sum() * 1000;
    }

    private static List<double[]> wide(int n) {
        return grid(1, n, 0);
    }

    private static List<double[]> grid(int phases, int width) {
        return grid(phases, width, 0);
    }

    private static List<double[]> grid(int phases, int width, double micros) {
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < phases; i++) {
            double[] s = new double[width];
            Arrays.fill(s, micros);
            p.add(s);
        }
        return p;
    }

    /** SkewedBench's sleeps: step i of phase p sleeps the slow time when i == p mod width. */
    private static List<double[]> skewed(BenchSpec d) {
        List<double[]> p = new ArrayList<>();
        for (int ph = 0; ph < d.skewedPhases(); ph++) {
            double[] s = new double[d.skewedWidth()];
            for (int i = 0; i < s.length; i++) {
                s[i] = 1000.0 * (i == ph % d.skewedWidth() ? d.skewedSlowMillis() : d.skewedMillis());
            }
            p.add(s);
        }
        return p;
    }

    void writeChecks(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("backend,pipeline,config,fitted,steps,measured_steps_per_s,slowest_repeat_steps_per_s,"
                + "model_steps_per_s,error_percent");
        for (Check c : checks) {
            lines.add(String.join(",", c.backend(), c.pipeline(), c.config(), String.valueOf(c.fitted()),
                    String.valueOf(c.steps()), fmt(c.measuredStepsPerS()), fmt(c.slowestStepsPerS()),
                    fmt(c.predictedStepsPerS()),
                    fmt(c.errorPercent())));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
