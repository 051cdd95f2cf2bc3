package dev.phasor.bench;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.exec.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Phase throughput on the local backend: runs a synthetic pipeline into a fresh cache, checks every
 * result it depends on, and prints wall time and steps/s.
 *
 * <pre>java -cp ... dev.phasor.bench.PhaseBench wide 100000 2</pre>
 */
public final class PhaseBench {

    private PhaseBench() {
    }

    /** Args: pipeline (wide|chain|layered), steps, threads. */
    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "wide";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Result r = run(kind, steps, threads);
        System.out.printf(Locale.ROOT, "%s steps=%d threads=%d wall=%.3f s steps/s=%.0f plan+prepare=%.3f s%n",
                kind, r.steps, threads, r.wallMillis / 1000, r.steps / (r.wallMillis / 1000), r.prepareMillis / 1000);
    }

    /** One measured run. */
    record Result(int steps, double wallMillis, double prepareMillis) {
    }

    static Result run(String kind, int steps, int threads) throws IOException {
        Path cache = Files.createTempDirectory("phasor-bench");
        try {
            long t0 = System.nanoTime();
            Pipeline pipeline = switch (kind) {
                case "wide" -> SyntheticPipelines.wide(steps);
                case "chain" -> SyntheticPipelines.chain(steps);
                case "layered" -> SyntheticPipelines.layered(Math.max(1, steps / 100), Math.min(steps, 100));
                default -> throw new IllegalArgumentException("unknown pipeline '" + kind + "': wide, chain or layered");
            };
            double prepare = (System.nanoTime() - t0) / 1e6;
            RunReport report = Phasor.runner().cache(cache).threads(threads).run(pipeline);
            check(kind, pipeline, report);
            return new Result(pipeline.plan().stepCount(), report.wallMillis(), prepare);
        } finally {
            deleteTree(cache);
        }
    }

    private static void check(String kind, Pipeline pipeline, RunReport report) {
        if (!report.succeeded()) {
            throw new IllegalStateException("benchmark run failed: " + report.failedSteps());
        }
        int n = pipeline.plan().stepCount();
        switch (kind) {
            case "wide" -> {
                for (int i = 0; i < n; i += Math.max(1, n / 100)) {
                    expect(report.result("w" + i), i);
                }
            }
            case "chain" -> expect(report.result("c" + (n - 1)), n);
            default -> {
                int phases = pipeline.plan().phases().size();
                expect(report.result("l" + (phases - 1) + "_0"), SyntheticPipelines.layeredValue(phases - 1));
            }
        }
    }

    private static void expect(Object actual, long expected) {
        if (((Number) actual).longValue() != expected) {
            throw new IllegalStateException("benchmark computed " + actual + ", expected " + expected);
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
