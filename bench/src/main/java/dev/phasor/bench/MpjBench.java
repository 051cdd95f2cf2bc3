package dev.phasor.bench;

import dev.phasor.bench.jmh.MpjRoundTrip;
import dev.phasor.bench.jmh.NoOpPipeline;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The MPJ Express backend: each run is a real job, {@code bin/mpjrun.sh -np R -dev D CLASS --cache DIR},
 * every rank rebuilding the pipeline from its definition class with the sizes as {@code -D} flags. The
 * figures come from the step statuses the ranks wrote: the run's wall time is from its first step starting
 * to its last ending (MPJ's own start-up, 1.5-4 s, is reported as the time to the first step). A chain's
 * transport floor is MPJ's ping-pong, a job of its own on the same ranks right after the run.
 */
final class MpjBench implements BackendBench {

    private static final int TIMEOUT_SECONDS = 900;
    private static final int PING_PONG_TIMEOUT_SECONDS = 120;
    private static final int PING_PONG_WARMUP = 200;
    private static final int PING_PONG_ITERATIONS = 1000;
    /** Named, not loaded (nor its constants, which javac copies): it imports {@code mpi.*}, on the ranks' class path only. */
    private static final String PING_PONG_MAIN = "dev.phasor.bench.jmh.MpjRoundTrip";
    private static final Pattern PING_PONG_LINE = Pattern.compile("^mpj-roundtrip kind=mpj-pingpong .* medianUs=([0-9.]+)");
    private final String device;
    private final BenchSpec spec;
    private final boolean transportFloor;

    /**
     * Runs on {@code device}; with {@code transportFloor}, each chain is followed by MPJ's own ping-pong on the
     * same ranks and device.
     */
    MpjBench(String device, BenchSpec spec, boolean transportFloor) {
        if (!device.equals("multicore") && !device.equals("niodev")) {
            throw new IllegalArgumentException("--mpj-dev must be multicore or niodev, got '" + device + "'");
        }
        this.device = device;
        this.spec = spec;
        this.transportFloor = transportFloor;
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
        List<String> cmd = launcher(ranks, TIMEOUT_SECONDS);
        for (String flag : spec.jvmFlags()) {
            cmd.add("-jvmarg");
            cmd.add(flag);
        }
        cmd.addAll(List.of(definition.getClass().getName(), "--cache", cacheRoot.toString(), "-q"));
        if (eager) {
            cmd.add("--eager");
        }
        Path dir = cacheRoot.resolve(name);
        Instant start = Instant.now();
        job(cmd, Map.of(), cacheRoot.getParent(), definition.id(), TIMEOUT_SECONDS,
                () -> progress.stepTo(countStatuses(dir)));
        CacheReader reader = CacheReader.open(cacheRoot, name);
        List<StepStatus> statuses = reader.statuses();
        for (StepStatus s : statuses) {
            if (!s.isDone()) {
                throw new BenchPipeline.WrongResultException(definition.id() + ": step " + s.step() + " is "
                        + s.state().word() + " after the MPJ run");
            }
        }
        definition.check(reader::result);
        StepSpan all = StepSpan.of(statuses);
        TreeMap<Integer, List<StepStatus>> byPhase = new TreeMap<>();
        statuses.forEach(s -> byPhase.computeIfAbsent(s.phase(), k -> new ArrayList<>()).add(s));
        List<Double> phases = new ArrayList<>();
        byPhase.values().forEach(ss -> phases.add(StepSpan.of(ss).millis()));
        Measurement m = new Measurement(all.millis(), phases, ranks, -1, -1, CacheStats.of(dir),
                java.time.Duration.between(start, all.first()).toNanos() / 1e6, Double.NaN, null, all.millis(),
                TransportFloor.NONE);
        // a chain's steps wait on one message each; a payload's blocks go through the shared cache, not MPJ
        boolean bounded = definition.id().equals("chain") && ranks > 1;
        return transportFloor && bounded ? m.withTransport(pingPong(ranks, cacheRoot.getParent(), progress)) : m;
    }

    /**
     * MPJ's own ping-pong ({@link MpjRoundTrip}, its first part) as a short job of the run's
     * {@code -np} and {@code -dev}: rank 0 with each worker, the median of the workers' medians.
     */
    private TransportFloor pingPong(int ranks, Path work, Progress progress) throws Exception {
        progress.note(String.format(Locale.ROOT, "transport floor after the run: MPJ ping-pong, rank 0 and each of %d"
                + " workers, %d x %d bytes there and back after %d, -dev %s...", ranks - 1, PING_PONG_ITERATIONS,
                MpjRoundTrip.PING_BYTES, PING_PONG_WARMUP, device));
        List<String> cmd = launcher(ranks, PING_PONG_TIMEOUT_SECONDS);
        cmd.addAll(List.of(NoOpPipeline.class.getName(), "--pingpong-only", "--warmup",
                String.valueOf(PING_PONG_WARMUP), "--iterations", String.valueOf(PING_PONG_ITERATIONS)));
        double micros = pingPongMedianMicros(job(cmd, Map.of("PHASOR_MPJ_MAIN", PING_PONG_MAIN), work, "ping-pong",
                PING_PONG_TIMEOUT_SECONDS, () -> { }));
        progress.note(String.format(Locale.ROOT, "transport floor after the run: MPJ ping-pong %.1f us", micros));
        return TransportFloor.roundTrip(micros);
    }

    /** The median of the {@code mpj-pingpong} medians {@link MpjRoundTrip} printed. */
    static double pingPongMedianMicros(String output) {
        List<Double> medians = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher m = PING_PONG_LINE.matcher(line);
            if (m.find()) {
                medians.add(Double.parseDouble(m.group(1)));
            }
        }
        if (medians.isEmpty()) {
            throw new IllegalStateException("the MPJ ping-pong job printed no mpj-pingpong line:\n" + tail(output));
        }
        medians.sort(Double::compare);
        return BenchRow.median(medians);
    }

    /** {@code bin/mpjrun.sh -np R -dev D -cp CP -timeout S}, to be followed by JVM flags, the class and its args. */
    private List<String> launcher(int ranks, int timeoutSeconds) {
        return new ArrayList<>(List.of(PhasorHome.find().resolve("bin/mpjrun.sh").toString(), "-np",
                String.valueOf(ranks), "-dev", device, "-cp", PhasorHome.classpath(), "-timeout",
                String.valueOf(timeoutSeconds)));
    }

    /**
     * Runs one {@code bin/mpjrun.sh} job given {@code -timeout timeoutSeconds} to its end (killed by PID if it
     * outlives that), calling {@code tick} twice a second; returns its output. A job that exits non-zero fails
     * with its log's tail.
     */
    private static String job(List<String> cmd, Map<String, String> env, Path logDir, String what, int timeoutSeconds,
            Runnable tick) throws Exception {
        Path log = Files.createTempFile(logDir, "mpj-" + what + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process job = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds + 30L);
        while (!job.waitFor(500, TimeUnit.MILLISECONDS)) {
            tick.run();
            if (System.nanoTime() > deadline) {
                job.descendants().forEach(ProcessHandle::destroyForcibly);
                job.destroyForcibly();
                throw new IllegalStateException("bin/mpjrun.sh did not end within " + timeoutSeconds + " s; log " + log);
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (job.exitValue() != 0) {
            throw new IllegalStateException("bin/mpjrun.sh " + what + " exited " + job.exitValue() + ":\n"
                    + tail(output));
        }
        Files.deleteIfExists(log);
        return output;
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
