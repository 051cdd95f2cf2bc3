package dev.phasor.bench;

import dev.phasor.api.Pipeline;
import dev.phasor.backend.LocalBackend;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import dev.phasor.run.Coordinator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The local backend: the coordinator and its thread pool in this JVM. */
final class LocalBench implements BackendBench {

    @Override
    public String id() {
        return "local";
    }

    @Override
    public String describe(BenchPipeline pipeline, int count) {
        return count + (count == 1 ? " thread" : " threads");
    }

    @Override
    public Measurement run(BenchPipeline definition, int threads, Path cacheRoot, Progress progress, boolean eager) {
        return run(definition, threads, cacheRoot, progress, eager, false);
    }

    @Override
    public Measurement run(BenchPipeline definition, int threads, Path cacheRoot, Progress progress, boolean eager,
            boolean dashboard) {
        HeapProbe heap = HeapProbe.start();
        Pipeline pipeline = definition.define();
        PreparedPipeline prepared = PreparedPipeline.prepare(pipeline, BenchPipeline.class.getClassLoader(), cacheRoot);
        BenchListener listener = new BenchListener(progress, heap);
        Instant start = Instant.now();
        double cpu0 = Measurement.processCpuMillis();
        RunReport report;
        try (LocalBackend backend = new LocalBackend(threads);
                WatchedDashboard watched = dashboard ? WatchedDashboard.start(prepared) : null) {
            RunListener all = watched == null ? listener : RunListener.all(listener, watched.listener());
            report = new Coordinator(prepared, null, all, RunOptions.defaults().withEager(eager)).run(backend);
        }
        double cpu = Measurement.processCpuMillis() - cpu0 - listener.probeCpuMillis;
        long peak = heap.peak();
        // what the coordinator held as the run finished (its bookkeeping and the report), not only what the
        // report keeps once run() has returned; the larger of the two if the first could not be measured
        long retained = Math.max(listener.retainedAtEnd, heap.retained());
        if (!report.succeeded()) {
            throw BenchPipeline.WrongResultException.failed(definition.id(), report);
        }
        definition.check(report::result);
        return new Measurement(report.wallMillis() - listener.probeWallMillis, listener.phaseMillis, threads, peak, retained,
                CacheStats.of(prepared.layout().dir()), firstStarted(report, start), cpu, listener.phaseCpu(),
                StepSpan.of(report.statuses()).millis(), TransportFloor.NONE);
    }

    /** Milliseconds from {@code start} to the earliest step start the statuses record. */
    static double firstStarted(RunReport report, Instant start) {
        Instant first = null;
        for (StepStatus s : report.statuses()) {
            if (s.started() != null) {
                Instant t = Instant.parse(s.started());
                first = first == null || t.isBefore(first) ? t : first;
            }
        }
        return first == null ? Double.NaN : Duration.between(start, first).toNanos() / 1e6;
    }
}
