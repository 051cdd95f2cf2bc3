package dev.phasor.bench;

import dev.phasor.backend.Backend;
import dev.phasor.backend.BackendContext;
import dev.phasor.backend.BackendProvider;
import dev.phasor.backend.Backends;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import dev.phasor.run.Coordinator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The Hazelcast backend: {@code phasor worker} JVMs on 127.0.0.1 (a unique cluster name, free ports, the
 * sizes as {@code -D} flags so they rebuild the same pipelines), and this JVM as the coordinator member.
 * Workers serve run after run; the pool grows or shrinks by PID between runs; {@link #close} stops every
 * worker it started. Scaling runs use workers of one thread each. A chain's, or a payload's carried over the
 * network, transport floor is measured right after the run from its coordinator member ({@link HazelcastFloor}).
 */
final class HazelcastBench implements BackendBench {

    private static final long READY_SECONDS = 180;
    private static final List<String> JDK_OPENS = List.of("--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private record Worker(int port, Process process, Path log) {
    }

    private final int threads;
    private final BenchSpec spec;
    private final Path work;
    private final String clusterName = "phasor-bench-" + UUID.randomUUID();
    private final int coordinatorPort = freePort();
    private final List<Worker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int workerThreads;
    private final boolean resultsOverNetwork;
    private final boolean transportFloor;

    /** Ctrl-C on the bench must not leave worker JVMs behind. */
    private final Thread stopHook = new Thread(this::killWorkers, "phasor-bench-stop-workers");

    /**
     * With {@code transportFloor}, a chain and a payload carried over the network are followed by Hazelcast's
     * own transport floor ({@link HazelcastFloor}) against the same workers.
     */
    HazelcastBench(int threads, BenchSpec spec, Path work, boolean resultsOverNetwork, boolean transportFloor) {
        this.resultsOverNetwork = resultsOverNetwork;
        this.transportFloor = transportFloor;
        this.threads = threads;
        this.spec = spec;
        this.work = work;
        Runtime.getRuntime().addShutdownHook(stopHook);
    }

    private void killWorkers() {
        workers.forEach(w -> w.process().destroyForcibly());
    }

    @Override
    public String id() {
        return "hazelcast";
    }

    @Override
    public String describe(BenchPipeline pipeline, int count) {
        return count + (count == 1 ? " worker" : " workers") + " x " + perWorker(pipeline) + " thr"
                + (resultsOverNetwork ? ", results over network" : "");
    }

    private int perWorker(BenchPipeline pipeline) {
        return pipeline.id().equals("scaling") ? 1 : threads;
    }

    @Override
    public Measurement run(BenchPipeline definition, int count, Path cacheRoot, Progress progress, boolean eager)
            throws Exception {
        int perWorker = perWorker(definition);
        resize(count, perWorker);
        spec.install(); // this JVM builds the pipeline from its class name, as the workers do
        BackendProvider provider = Backends.provider("hazelcast", Backends.providers());
        Object options = provider.options();
        List<String> args = new ArrayList<>(List.of("--join", joinList(), "--cluster-name", clusterName, "--bind",
                "127.0.0.1", "--port", String.valueOf(coordinatorPort), "--min-workers", String.valueOf(count),
                "--worker-wait", "120"));
        if (resultsOverNetwork) {
            args.add("--results-over-network");
        }
        new CommandLine(options).parseArgs(args.toArray(String[]::new));
        HeapProbe heap = HeapProbe.start();
        PipelineSource source = new PipelineSource(definition.getClass().getName(), List.of());
        PipelineSource.Loaded loaded = source.load(BenchPipeline.class.getClassLoader());
        PreparedPipeline prepared = PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cacheRoot);
        BenchListener listener = new BenchListener(progress);
        Instant start = Instant.now();
        double cpu0 = Measurement.processCpuMillis();
        RunReport report;
        long peak;
        TransportFloor floor = TransportFloor.NONE;
        double floorCpu = 0;
        try (Backend backend = provider.open(new BackendContext(options, perWorker, false))) {
            report = new Coordinator(prepared, source, listener, RunOptions.defaults().withEager(eager)).run(backend);
            peak = heap.peak(); // the run's, not the floor's blocks'
            if (transportFloor && report.succeeded()) {
                // while the run's coordinator member is still in the cluster, over its connections to the workers
                double floorCpu0 = Measurement.processCpuMillis();
                floor = floor(definition, count * perWorker, progress);
                floorCpu = Measurement.processCpuMillis() - floorCpu0;
            }
        }
        double cpu = Measurement.processCpuMillis() - cpu0 - floorCpu;
        long retained = heap.retained();
        if (!report.succeeded()) {
            throw BenchPipeline.WrongResultException.failed(definition.id(), report);
        }
        definition.check(report::result);
        return new Measurement(report.wallMillis(), listener.phaseMillis, count * perWorker, peak, retained,
                CacheStats.of(prepared.layout().dir()), LocalBench.firstStarted(report, start), cpu, listener.phaseCpu(),
                StepSpan.of(report.statuses()).millis(), floor);
    }

    /**
     * A chain's floor is a round trip to a worker; a payload carried over the network, its blocks carried by
     * Hazelcast alone, as many at once as the run had steps running. A payload through the shared cache has the
     * file-system floor only.
     */
    private TransportFloor floor(BenchPipeline definition, int parallelism, Progress progress) throws Exception {
        HazelcastFloor raw = HazelcastFloor.over(clusterName);
        if (definition.id().equals("chain")) {
            progress.note(String.format(Locale.ROOT, "transport floor after the run: Hazelcast submitToMember of a"
                    + " no-op task, %d one at a time after %d, workers in turn...", HazelcastFloor.ITERATIONS,
                    HazelcastFloor.WARMUP));
            double micros = raw.roundTripMicros();
            progress.note(String.format(Locale.ROOT, "transport floor after the run: Hazelcast round trip %.1f us", micros));
            return TransportFloor.roundTrip(micros);
        }
        if (definition.id().equals("payload") && resultsOverNetwork) {
            int blocks = definition.widestPhase();
            int bytes = definition.estimatedResultBytes();
            progress.note(String.format(Locale.ROOT, "transport floor after the run: %d blocks of %d bytes made on the"
                    + " workers and carried here by Hazelcast alone, %d at a time...", blocks, bytes, parallelism));
            double mbs = raw.megabytesPerSecond(blocks, bytes, parallelism);
            progress.note(String.format(Locale.ROOT, "transport floor after the run: Hazelcast %.0f MB/s", mbs));
            return TransportFloor.bandwidth(mbs);
        }
        return TransportFloor.NONE;
    }

    /** Makes the pool {@code count} workers of {@code perWorker} threads, restarting it if the threads differ. */
    private void resize(int count, int perWorker) throws Exception {
        if (perWorker != workerThreads) {
            stopAll();
            workerThreads = perWorker;
        }
        while (workers.size() > count) {
            stop(workers.remove(workers.size() - 1));
        }
        List<Worker> started = new ArrayList<>();
        while (workers.size() < count) {
            Worker w = startWorker(perWorker);
            workers.add(w);
            started.add(w);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        for (Worker w : started) {
            while (!read(w.log()).contains("ready in cluster")) {
                if (!w.process().isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("hazelcast worker on port " + w.port() + " did not become ready:\n"
                            + MpjBench.tail(read(w.log())));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /**
     * A worker's heap: 512 MiB, or twice a payload's blocks together where that is more, since the payload's last
     * step holds every block it checks (8 x 64 MiB needs 576 MiB in one worker).
     */
    private long workerHeapMib() {
        return Math.max(512, 2L * spec.payloadMib() * spec.payloadBlockMib());
    }

    private Worker startWorker(int perWorker) throws IOException {
        int port = freePort();
        List<String> join = new ArrayList<>();
        workers.forEach(w -> join.add("127.0.0.1:" + w.port()));
        join.add("127.0.0.1:" + port);
        join.add("127.0.0.1:" + coordinatorPort);
        List<String> cmd = new ArrayList<>();
        cmd.add(PhasorHome.java());
        cmd.add("-Xmx" + workerHeapMib() + "m");
        cmd.addAll(JDK_OPENS);
        cmd.addAll(spec.jvmFlags());
        cmd.addAll(List.of("-cp", PhasorHome.classpath(), "dev.phasor.cli.Main", "worker", "--join",
                String.join(",", join), "--cluster-name", clusterName, "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--threads", String.valueOf(perWorker)));
        Path log = Files.createTempFile(work, "hazelcast-worker-" + port + "-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Worker(port, p, log);
    }

    private String joinList() {
        return workers.stream().map(w -> "127.0.0.1:" + w.port()).collect(Collectors.joining(","));
    }

    /** SIGTERM (a graceful leave), then SIGKILL if it lingers; by PID. */
    private static void stop(Worker w) throws InterruptedException, IOException {
        w.process().destroy();
        if (!w.process().waitFor(20, TimeUnit.SECONDS)) {
            w.process().destroyForcibly();
            w.process().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(w.log());
    }

    private void stopAll() throws InterruptedException, IOException {
        while (!workers.isEmpty()) {
            stop(workers.remove(workers.size() - 1));
        }
    }

    @Override
    public void close() throws Exception {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }
}
