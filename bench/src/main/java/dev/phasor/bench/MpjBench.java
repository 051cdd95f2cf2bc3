package dev.phasor.bench;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The MPJ Express backend: each run is a real job, {@code bin/mpjrun.sh -np R -dev D CLASS --cache DIR},
 * every rank rebuilding the pipeline from its definition class with the sizes as {@code -D} flags. The
 * figures come from the step statuses the ranks wrote: the run's wall time is from its first step starting
 * to its last ending (MPJ's own start-up, 1.5-4 s, is reported as the time to the first step).
 */
final class MpjBench implements BackendBench {

    private static final int TIMEOUT_SECONDS = 900;
    private final String device;
    private final BenchSpec spec;

    MpjBench(String device, BenchSpec spec) {
        if (!device.equals("multicore") && !device.equals("niodev")) {
            throw new IllegalArgumentException("--mpj-dev must be multicore or niodev, got '" + device + "'");
        }
        this.device = device;
        this.spec = spec;
    }

    @Override
    public String id() {
        return "mpj";
    }

    @Override
    public String describe(BenchPipeline pipeline, int count) {
        return count + (count == 1 ? " rank" : " ranks") + " (" + device + ")";
    }

    @Override
    public Measurement run(BenchPipeline definition, int ranks, Path cacheRoot, Progress progress, boolean eager)
            throws Exception {
        String name = definition.define().name();
        List<String> cmd = new ArrayList<>(List.of(PhasorHome.find().resolve("bin/mpjrun.sh").toString(),
                "-np", String.valueOf(ranks), "-dev", device, "-cp", PhasorHome.classpath(),
                "-timeout", String.valueOf(TIMEOUT_SECONDS)));
        for (String flag : spec.jvmFlags()) {
            cmd.add("-jvmarg");
            cmd.add(flag);
        }
        cmd.addAll(List.of(definition.getClass().getName(), "--cache", cacheRoot.toString(), "-q"));
        if (eager) {
            cmd.add("--eager");
        }
        Path log = Files.createTempFile(cacheRoot.getParent(), "mpj-" + definition.id() + "-", ".log");
        Instant start = Instant.now();
        Process job = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Path dir = cacheRoot.resolve(name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS + 30L);
        while (!job.waitFor(500, TimeUnit.MILLISECONDS)) {
            progress.stepTo(countStatuses(dir));
            if (System.nanoTime() > deadline) {
                job.descendants().forEach(ProcessHandle::destroyForcibly);
                job.destroyForcibly();
                throw new IllegalStateException("bin/mpjrun.sh did not end within " + TIMEOUT_SECONDS + " s; log " + log);
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (job.exitValue() != 0) {
            throw new IllegalStateException("bin/mpjrun.sh " + definition.id() + " exited " + job.exitValue() + ":\n"
                    + tail(output));
        }
        Files.deleteIfExists(log);
        CacheReader reader = CacheReader.open(cacheRoot, name);
        List<StepStatus> statuses = reader.statuses();
        for (StepStatus s : statuses) {
            if (!s.isDone()) {
                throw new BenchPipeline.WrongResultException(definition.id() + ": step " + s.step() + " is "
                        + s.state().word() + " after the MPJ run");
            }
        }
        definition.check(reader::result);
        Span all = span(statuses);
        TreeMap<Integer, List<StepStatus>> byPhase = new TreeMap<>();
        statuses.forEach(s -> byPhase.computeIfAbsent(s.phase(), k -> new ArrayList<>()).add(s));
        List<Double> phases = new ArrayList<>();
        byPhase.values().forEach(ss -> phases.add(span(ss).millis()));
        return new Measurement(all.millis(), phases, ranks, -1, -1, CacheStats.of(dir),
                java.time.Duration.between(start, all.first()).toNanos() / 1e6, Double.NaN);
    }

    /** From the first step's start to the last one's end. */
    record Span(Instant first, Instant last) {
        double millis() {
            return java.time.Duration.between(first, last).toNanos() / 1e6;
        }
    }

    static Span span(List<StepStatus> statuses) {
        Instant first = null;
        Instant last = null;
        for (StepStatus s : statuses) {
            Instant a = Instant.parse(s.started());
            Instant b = Instant.parse(s.ended());
            first = first == null || a.isBefore(first) ? a : first;
            last = last == null || b.isAfter(last) ? b : last;
        }
        return new Span(first, last);
    }

    private static long countStatuses(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".status")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
