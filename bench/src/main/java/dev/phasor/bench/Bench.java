package dev.phasor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One {@code phasor bench} session: every selected pipeline on every selected backend, each run checked,
 * the local runs next to their file-system floor, then the scaling runs. Returns the rows; the caller
 * prints and writes them ({@link BenchOutput}, {@link BenchCharts}).
 */
public final class Bench {

    /** The pipelines in the order they run ({@code scaling} last: it runs at several counts). */
    public static final List<String> PIPELINES = List.of("wide", "layered", "chain", "payload", "skewed", "scaling");
    /** Backends in the order they run. */
    public static final List<String> BACKENDS = List.of("local", "mpj", "hazelcast");
    /** Runs of at least this many steps say that their cache is being removed: it can take minutes. */
    private static final int NOTED_CLEAN_UP_STEPS = 10_000;

    /**
     * What to run.
     *
     * @param backends ids from {@link #BACKENDS}
     * @param pipelines ids from {@link #PIPELINES}
     * @param spec the pipelines' sizes
     * @param threads local threads, and threads per Hazelcast worker
     * @param ranks MPJ ranks
     * @param workers Hazelcast workers
     * @param scalingCounts threads / ranks / workers of the scaling runs
     * @param repeat runs of each configuration
     * @param mpjDevice multicore or niodev
     * @param work where the runs' cache directories go (each run gets a fresh one, removed after)
     * @param schedules {@code barrier} (phase barriers, the default) and/or {@code eager} (a step starts once
     *     its own upstream steps are done): each pipeline but {@code scaling} runs once per schedule
     * @param floor how local wide runs measure their file-system floor: {@code once} (after the run, with its
     *     mean file sizes; the default), {@code twice} (also before it, keeping the faster: a busy moment then
     *     cannot flatter Phasor, at twice the cost) or {@code off}
     * @param dashboards without ({@code false}, the default) and/or with ({@code true}) the live dashboard; with
     *     both, each repeat runs without then with it, so that a busy spell hits both alike
     * @param resultsOverNetwork Hazelcast runs carry inputs and results in their messages instead of sharing the
     *     cache directory ({@code --results-over-network})
     */
    public record Options(List<String> backends, List<String> pipelines, BenchSpec spec, int threads, int ranks,
            int workers, List<Integer> scalingCounts, int repeat, String mpjDevice, Path work, List<String> schedules,
            String floor, List<Boolean> dashboards, boolean resultsOverNetwork) {

        /** The ways of measuring the floor, as {@code --floor} takes them. */
        public static final List<String> FLOORS = List.of("once", "twice", "off");

        public Options {
            schedules = schedules == null || schedules.isEmpty() ? List.of("barrier") : List.copyOf(schedules);
            floor = floor == null ? "once" : floor;
            if (!FLOORS.contains(floor)) {
                throw new IllegalArgumentException("floor must be once, twice or off, got '" + floor + "'");
            }
            dashboards = dashboards == null || dashboards.isEmpty() ? List.of(false) : List.copyOf(dashboards);
        }

        /** With the floor measured once, without the dashboard. */
        public Options(List<String> backends, List<String> pipelines, BenchSpec spec, int threads, int ranks,
                int workers, List<Integer> scalingCounts, int repeat, String mpjDevice, Path work,
                List<String> schedules) {
            this(backends, pipelines, spec, threads, ranks, workers, scalingCounts, repeat, mpjDevice, work, schedules,
                    "once", List.of(), false);
        }

        /** With phase barriers only. */
        public Options(List<String> backends, List<String> pipelines, BenchSpec spec, int threads, int ranks,
                int workers, List<Integer> scalingCounts, int repeat, String mpjDevice, Path work) {
            this(backends, pipelines, spec, threads, ranks, workers, scalingCounts, repeat, mpjDevice, work, List.of(),
                    "once", List.of(), false);
        }
    }

    private final Options options;
    private final Progress progress;
    private final Function<String, BackendBench> backends;

    public Bench(Options options, Progress progress) {
        this(options, progress, id -> open(id, options));
    }

    Bench(Options options, Progress progress, Function<String, BackendBench> backends) {
        this.options = options;
        this.progress = progress;
        this.backends = backends;
    }

    static BackendBench open(String id, Options o) {
        return switch (id) {
            case "local" -> new LocalBench();
            case "mpj" -> new MpjBench(o.mpjDevice(), o.spec(), !o.floor().equals("off"));
            case "hazelcast" -> new HazelcastBench(o.threads(), o.spec(), o.work(), o.resultsOverNetwork(),
                    !o.floor().equals("off"));
            default -> throw new IllegalArgumentException("unknown backend '" + id + "': local, mpj or hazelcast");
        };
    }

    /** Runs everything selected; the first wrong result ends the session with {@link BenchPipeline.WrongResultException}. */
    public List<BenchRow> run() throws Exception {
        Files.createDirectories(options.work());
        List<BenchRow> rows = new ArrayList<>();
        for (String backendId : options.backends()) {
            try (BackendBench backend = backends.apply(backendId)) {
                for (String pipelineId : options.pipelines()) {
                    if (pipelineId.equals("scaling")) {
                        rows.addAll(scaling(backend));
                    } else {
                        for (String schedule : options.schedules()) {
                            for (int r = 1; r <= options.repeat(); r++) {
                                for (boolean dashboard : options.dashboards()) {
                                    rows.add(once(backend, pipeline(pipelineId, options.spec()), defaultCount(backendId),
                                            r, schedule.equals("eager"), dashboard));
                                }
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }

    private int defaultCount(String backendId) {
        return switch (backendId) {
            case "mpj" -> options.ranks();
            case "hazelcast" -> options.workers();
            default -> options.threads();
        };
    }

    private List<BenchRow> scaling(BackendBench backend) throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        BenchPipeline p = pipeline("scaling", options.spec());
        // Repeats go round the counts (1, 2, 4, 8, 1, 2, 4, 8...), so a busy spell on a shared machine hits
        // every count alike instead of the last ones.
        Map<Integer, List<BenchRow>> byCount = new LinkedHashMap<>();
        for (int r = 1; r <= options.repeat(); r++) {
            for (int count : options.scalingCounts()) {
                byCount.computeIfAbsent(count, c -> new ArrayList<>()).add(once(backend, p, count, r, false, false));
            }
        }
        double base = byCount.containsKey(1) ? medianWall(byCount.get(1)) : Double.NaN;
        byCount.forEach((count, at) -> {
            double wall = medianWall(at);
            at.forEach(row -> rows.add(row.withScaling(base / wall)));
        });
        return rows;
    }

    private static double medianWall(List<BenchRow> rows) {
        List<Double> walls = new ArrayList<>(rows.stream().map(BenchRow::wallSeconds).toList());
        walls.sort(Double::compare);
        return BenchRow.median(walls);
    }

    /**
     * The file floor's shape for {@code p}. The floor bounds wide (independent steps, nothing but files), chain (one
     * dependent step at a time, each reading the one before) and payload (the blocks written, then read back); the
     * last two on every backend, beside its transport (which the backend measures after the run, unless --floor
     * off). Layered and skewed add barriers and sleeps by design, so a floor of bare files says nothing about them:
     * they get WIDE, which only local wide runs measure.
     */
    private static FileSystemFloor.Shape floorShape(BenchPipeline p) {
        return switch (p.id()) {
            case "chain" -> FileSystemFloor.Shape.CHAIN;
            case "payload" -> FileSystemFloor.Shape.PAYLOAD;
            default -> FileSystemFloor.Shape.WIDE;
        };
    }

    /** The line that ends a run's progress: what ran, how fast, and its floors' ratios when measured. */
    private static String ranLine(BenchRow row, String backendId, BenchPipeline p, String what) {
        return String.format(Locale.ROOT, "%s %s, %s: %d steps in %.3f s = %.0f steps/s, checked%s%s",
                backendId, p.id(), what, p.steps(), row.wallSeconds(), row.stepsPerSecond(),
                Double.isNaN(row.floorStepsPerSecond()) ? "" : String.format(Locale.ROOT,
                        "; file-system floor %.0f steps/s (ratio %.2f)", row.floorStepsPerSecond(), row.floorRatio()),
                Double.isNaN(row.transportRatio()) ? "" : String.format(Locale.ROOT,
                        "; transport floor %s (ratio %.2f)", BenchOutput.transport(row), row.transportRatio()));
    }

    private BenchRow once(BackendBench backend, BenchPipeline p, int count, int repeat, boolean eager, boolean dashboard)
            throws Exception {
        String what = backend.describe(p, count) + (eager ? ", eager" : "") + (dashboard ? ", dashboard" : "");
        Path cache = Files.createTempDirectory(options.work(), "bench-" + p.id() + "-");
        try {
            FileSystemFloor.Shape shape = floorShape(p);
            boolean withFloor = (shape != FileSystemFloor.Shape.WIDE || backend.id().equals("local")
                    && p.id().equals("wide")) && !options.floor().equals("off");
            int floorThreads = Math.min(count, p.widestPhase());
            double before = withFloor && options.floor().equals("twice")
                    ? floor(p, shape, floorThreads, p.estimatedResultBytes(), 420, "before the run") : Double.NaN;
            progress.begin(backend.id() + " " + p.id() + " (" + what + ")", p.steps());
            Measurement m = backend.run(p, count, cache, progress, eager, dashboard);
            double floor = Double.NaN;
            if (withFloor) {
                double after = floor(p, shape, floorThreads, m.cache().meanResultBytes(), m.cache().meanStatusBytes(),
                        "after the run");
                floor = Double.isNaN(before) ? after : Math.min(before, after);
            }
            BenchRow row = BenchRow.of(backend.id(), p, count, what, repeat, m, floor);
            progress.end(ranLine(row, backend.id(), p, what));
            return row;
        } finally {
            boolean large = p.steps() >= NOTED_CLEAN_UP_STEPS;
            if (large) {
                progress.note("removing the run's cache (" + p.steps() + " steps' files)...");
            }
            long t0 = System.nanoTime();
            deleteTree(cache);
            if (large) {
                progress.note(String.format(Locale.ROOT, "run's cache removed in %.1f s",
                        (System.nanoTime() - t0) / 1e9));
            }
        }
    }

    /** Measures the file-system floor of {@code p}, saying so: at 100,000 steps it takes minutes. */
    private double floor(BenchPipeline p, FileSystemFloor.Shape shape, int threads, int resultBytes, int statusBytes,
            String when) throws Exception {
        progress.note(String.format(Locale.ROOT, "file-system floor %s: %d x 2 files written and renamed on %d"
                + " threads%s, then removed...", when, p.steps(), threads, shape.how));
        long t0 = System.nanoTime();
        // a payload's floor: its blocks (the run's mean result also counts the small sum)
        boolean blocks = shape == FileSystemFloor.Shape.PAYLOAD;
        double ms = FileSystemFloor.measure(options.work(), shape, blocks ? p.widestPhase() : p.steps(), threads,
                blocks ? p.estimatedResultBytes() : resultBytes, statusBytes);
        progress.note(String.format(Locale.ROOT, "file-system floor %s: %.0f steps/s (%.1f s, %.1f s with removal)",
                when, p.steps() / (ms / 1000), ms / 1000, (System.nanoTime() - t0) / 1e9));
        return ms;
    }

    /** The definition of pipeline {@code id} at {@code spec}'s sizes. */
    public static BenchPipeline pipeline(String id, BenchSpec spec) {
        return switch (id) {
            case "wide" -> new WideBench(spec);
            case "layered" -> new LayeredBench(spec);
            case "chain" -> new ChainBench(spec);
            case "payload" -> new PayloadBench(spec);
            case "skewed" -> new SkewedBench(spec);
            case "scaling" -> new ScalingBench(spec);
            default -> throw new IllegalArgumentException("unknown pipeline '" + id + "': " + String.join(", ", PIPELINES));
        };
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
