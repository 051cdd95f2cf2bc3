package dev.phasor.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code phasor bench}: phase throughput of synthetic pipelines, every result checked. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ModelCommand.class,
        description = {"Benchmark phase throughput on synthetic pipelines, every result checked.",
            "Runs them on one or more backends (a wrong answer fails the bench), prints a table, and writes"
                + " bench.csv, bench.json, throughput.png and scaling.png to --out.",
            "Local wide runs and every chain and payload run are compared with the file-system floor: the same"
                + " files written and renamed per step, on the same threads (a chain's one after the other, each"
                + " step reading the result before it; a payload's blocks then read back), without Phasor code.",
            "Cluster chains, and hazelcast payloads with --results-over-network, are also compared with their"
                + " transport floor, measured right after the run without Phasor code: a round trip to a worker (mpj:"
                + " MPJ's own ping-pong, a job on the same ranks and device; hazelcast: submitToMember of a no-op task"
                + " from the run's coordinator member), ratio = step latency (first step started to last ended, /"
                + " steps) / (round trip + file floor per step); the payload's blocks carried from the workers by"
                + " Hazelcast alone, ratio = floor MB/s / the run's MB/s over the same span. A ratio is how many"
                + " times its floor a run takes (1 = as fast).",
            "Pipelines: wide (N independent no-op steps), layered (K x W, each step sums two of the previous phase"
                + " + 1), chain (N steps in a line), payload (M steps each returning 1 MiB, + a sum), skewed"
                + " (sleeping steps, one slow per phase), scaling (CPU-bound steps at each of --scaling-counts"
                + " threads/ranks/workers).", ""},
        footer = {"", "Example: phasor bench --backend local --pipeline wide --steps 100000 --threads 2"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "ID", split = ",", defaultValue = "local",
            description = "local, mpj, hazelcast or all; comma separated (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--pipeline", paramLabel = "ID", split = ",", defaultValue = "all",
            description = "wide, layered, chain, payload, skewed, scaling or all; comma separated"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> pipelines;

    @Option(names = "--steps", paramLabel = "N", description = "Steps of wide and chain (default: 10000 and 1000).")
    Integer steps;

    @Option(names = "--phases", paramLabel = "K", description = "Phases of layered (default: 20) and skewed (default: 4).")
    Integer phases;

    @Option(names = "--width", paramLabel = "W", description = "Steps per phase of layered (default: 100) and skewed"
            + " (default: 8).")
    Integer width;

    @Option(names = "--payload-mib", paramLabel = "M", description = "Block steps of payload (default: 64).")
    Integer payloadMib;

    @Option(names = "--payload-block-mib", paramLabel = "B", description = "MiB of each payload block (default: 1);"
            + " --payload-mib 8 --payload-block-mib 64 moves 8 results of 64 MiB.")
    Integer payloadBlockMib;

    @Option(names = "--scaling-steps", paramLabel = "S", description = "CPU-bound steps of scaling (default: 16).")
    Integer scalingSteps;

    @Option(names = "--scaling-terms", paramLabel = "T", description = "Series terms each scaling step sums"
            + " (default: 100000000, about 0.2 s here).")
    Integer scalingTerms;

    @Option(names = "--scaling-counts", paramLabel = "C", split = ",", defaultValue = "1,2,4,8",
            description = "Threads / ranks / workers of the scaling runs (default: ${DEFAULT-VALUE}).")
    List<Integer> scalingCounts;

    @Option(names = "--threads", paramLabel = "T", description = "Local threads, and threads per Hazelcast worker"
            + " (default: one per core).")
    Integer threads;

    @Option(names = "--ranks", paramLabel = "R", defaultValue = "2", description = "MPJ ranks (default: ${DEFAULT-VALUE}).")
    int ranks;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "2",
            description = "Hazelcast worker JVMs started on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--mpj-dev", paramLabel = "DEV", defaultValue = "multicore",
            description = "MPJ device: multicore (threads of one JVM) or niodev (a JVM per rank; default:"
                    + " ${DEFAULT-VALUE}).")
    String mpjDevice;

    @Option(names = "--schedule", paramLabel = "MODE", defaultValue = "barrier",
            description = "barrier (phase barriers), eager (a step starts once its own upstream steps are done: run"
                    + " --eager) or both, to compare them, e.g. on skewed (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--dashboard", paramLabel = "MODE", defaultValue = "off",
            description = "off, on (each run serves its live dashboard, watched by a client, as run --dashboard does)"
                    + " or both: off and on interleaved, to measure what it costs; local backend only (default:"
                    + " ${DEFAULT-VALUE}).")
    String dashboard;

    @Option(names = "--repeat", paramLabel = "n", defaultValue = "1", description = "Runs of each configuration"
            + " (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Where bench.csv, bench.json and the charts go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the runs' cache directories go; each run gets"
            + " a fresh one, removed afterwards (default: the system's temporary directory).")
    Path work;

    @Option(names = "--floor", paramLabel = "WHEN", defaultValue = "once", description = "File-system floor of"
            + " local wide runs, of chains and of payloads: once (after the run), twice (before and after, the faster"
            + " counts) or off, which also leaves out the transport floor (measured once, after the run; default:"
            + " ${DEFAULT-VALUE}).")
    String floor;

    @Option(names = "--results-over-network", description = "hazelcast: carry inputs and results in the messages"
            + " instead of sharing the cache directory, as phasor run --results-over-network does.")
    boolean resultsOverNetwork;

    @Override
    public Integer call() throws Exception {
        Bench.Options options = options();
        PrintWriter console = spec.commandLine().getOut();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double loadBefore = os.getSystemLoadAverage();
        List<BenchRow> rows = new Bench(options, Progress.forConsole(spec.commandLine().getErr())).run();
        String machine = BenchCharts.loadNote(loadBefore, os.getSystemLoadAverage());
        console.println();
        BenchOutput.table(rows, console);
        Files.createDirectories(out);
        BenchOutput.csv(rows, out.resolve("bench.csv"));
        BenchOutput.json(rows, options, out.resolve("bench.json"));
        List<Path> charts = BenchCharts.write(rows, out, machine);
        console.printf("%nwrote %s, %s%s%n", out.resolve("bench.csv"), out.resolve("bench.json"),
                charts.isEmpty() ? "" : ", " + String.join(", ", charts.stream().map(Path::toString).toList()));
        console.flush();
        return 0;
    }

    Bench.Options options() {
        List<String> b = expand(backends, Bench.BACKENDS, "--backend");
        List<String> p = expand(pipelines, Bench.PIPELINES, "--pipeline");
        BenchSpec d = BenchSpec.DEFAULT;
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        BenchSpec s;
        try {
            s = d.withSteps(or(steps, d.wideSteps()), or(steps, d.chainSteps()))
                    .withShape(or(phases, d.layeredPhases()), or(width, d.layeredWidth()), or(phases, d.skewedPhases()),
                            or(width, d.skewedWidth()))
                    .withWork(or(payloadMib, d.payloadMib()), d.skewedMillis(), d.skewedSlowMillis(),
                            or(scalingSteps, d.scalingSteps()), or(scalingTerms, d.scalingTerms()))
                    .withPayloadBlock(or(payloadBlockMib, d.payloadBlockMib()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        positive("--threads", t);
        positive("--ranks", ranks);
        positive("--workers", workers);
        positive("--repeat", repeat);
        for (int c : scalingCounts) {
            positive("--scaling-counts", c);
        }
        if (!mpjDevice.equals("multicore") && !mpjDevice.equals("niodev")) {
            throw new ParameterException(spec.commandLine(), "--mpj-dev must be multicore or niodev, got '" + mpjDevice + "'");
        }
        Path w = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"));
        List<String> modes = schedule.equals("both") ? List.of("barrier", "eager") : List.of(schedule);
        if (!List.of("barrier", "eager", "both").contains(schedule)) {
            throw new ParameterException(spec.commandLine(), "--schedule must be barrier, eager or both, got '"
                    + schedule + "'");
        }
        if (!Bench.Options.FLOORS.contains(floor)) {
            throw new ParameterException(spec.commandLine(), "--floor must be once, twice or off, got '" + floor + "'");
        }
        if (!List.of("off", "on", "both").contains(dashboard)) {
            throw new ParameterException(spec.commandLine(), "--dashboard must be off, on or both, got '" + dashboard + "'");
        }
        if (!dashboard.equals("off") && !b.equals(List.of("local"))) {
            throw new ParameterException(spec.commandLine(), "--dashboard " + dashboard + " is measured on --backend local"
                    + " only (the dashboard runs in the coordinator, the same on every backend)");
        }
        List<Boolean> dashboards = dashboard.equals("both") ? List.of(false, true) : List.of(dashboard.equals("on"));
        return new Bench.Options(b, p, s, t, ranks, workers, List.copyOf(scalingCounts), repeat, mpjDevice,
                w.toAbsolutePath(), modes, floor, dashboards, resultsOverNetwork);
    }

    private List<String> expand(List<String> given, List<String> known, String option) {
        List<String> ids = new ArrayList<>();
        for (String g : given) {
            String id = g.strip().toLowerCase(java.util.Locale.ROOT);
            if (id.equals("all")) {
                known.stream().filter(k -> !ids.contains(k)).forEach(ids::add);
            } else if (known.contains(id)) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            } else {
                throw new ParameterException(spec.commandLine(), "unknown " + option + " '" + g + "': "
                        + String.join(", ", known) + " or all");
            }
        }
        // run in the canonical order
        return known.stream().filter(ids::contains).toList();
    }

    private void positive(String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }

    private static int or(Integer given, int fallback) {
        return given != null ? given : fallback;
    }
}
