package dev.phasor.bench.jmh;

import dev.phasor.backend.Backend;
import dev.phasor.backend.BackendContext;
import dev.phasor.backend.BackendProvider;
import dev.phasor.backend.RunSession;
import dev.phasor.cluster.hazelcast.HazelcastBackendProvider;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.transport.Report;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import picocli.CommandLine;

/**
 * The Hazelcast backend's dispatch, end to end: this JVM is the coordinator (a lite member, the real
 * {@code HazelcastTransport} opened through {@link HazelcastBackendProvider}), and one {@code phasor worker}
 * runs in its own JVM with {@value #WORKER_THREADS} threads, on 127.0.0.1, TCP join with the members
 * listed, multicast off, a unique cluster name and free ports. A round trip is submit, the
 * {@code RunSteps} task to the worker, the worker's {@code StepExecutor} (result and status files), the
 * answer back, poll. {@code inFlight} sends {@value NoOpPipeline#STEPS} steps at once, one message each (the
 * worker runs as many at once as it has threads; the others wait in its executor's queue). {@code sealed}:
 * worker and coordinator share a {@code --secret-file}, so every message and answer is sealed (AES-GCM).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "java.se",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class HazelcastDispatchBench {

    static final int WORKER_THREADS = 2;
    private static final long READY_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private Path cache;
    private PreparedPipeline prepared;
    private Process worker;
    private Path workerLog;
    private Backend backend;
    private DispatchCheck dispatcher;

    /** True: every message sealed with a shared secret; false: in the clear. */
    @Param({"false", "true"})
    public boolean sealed;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        cache = Files.createTempDirectory("phasor-jmh-hz-");
        prepared = PreparedPipeline.prepare(new NoOpPipeline().define(), getClass().getClassLoader(), cache);
        prepared.layout().create();
        String clusterName = "phasor-jmh-" + UUID.randomUUID();
        int workerPort = freePort();
        int coordinatorPort = freePort();
        String join = "127.0.0.1:" + workerPort + ",127.0.0.1:" + coordinatorPort;
        workerLog = cache.resolve("worker.log");
        Path secret = sealed ? secretFile() : null;
        worker = startWorker(clusterName, join, workerPort, secret);
        awaitReady();
        BackendProvider provider = new HazelcastBackendProvider();
        Object options = provider.options();
        new CommandLine(options).parseArgs("--cluster-name", clusterName, "--join", "127.0.0.1:" + workerPort,
                "--bind", "127.0.0.1", "--port", String.valueOf(coordinatorPort), "--worker-wait", "60");
        backend = provider.open(new BackendContext(options, 1, false, secret));
        dispatcher = DispatchCheck.over(backend.start(new RunSession(prepared,
                new PipelineSource(NoOpPipeline.class.getName(), List.of()))));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        try {
            if (dispatcher != null) {
                dispatcher.transport().finish();
            }
            if (backend != null) {
                backend.close();
            }
        } finally {
            stopWorker();
        }
        DispatchCheck.checkResults(prepared, NoOpPipeline.STEPS);
        DispatchCheck.deleteTree(cache);
    }

    @Benchmark
    public Report roundTrip() throws InterruptedException {
        return dispatcher.roundTrip(1);
    }

    @Benchmark
    @OperationsPerInvocation(NoOpPipeline.STEPS)
    public void inFlight() throws InterruptedException {
        dispatcher.inFlight(NoOpPipeline.STEPS);
    }

    private Path secretFile() throws IOException {
        Path f = cache.resolve("secret");
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, UUID.randomUUID() + "-" + UUID.randomUUID());
        return f;
    }

    private Process startWorker(String clusterName, String join, int port, Path secret) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx256m", "--add-modules", "java.se",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.phasor.cli.Main", "worker", "--join", join, "--cluster-name", clusterName,
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--threads", String.valueOf(WORKER_THREADS)));
        if (secret != null) {
            cmd.addAll(List.of("--secret-file", secret.toString()));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(workerLog.toFile()).start();
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_LIMIT_NANOS;
        while (!log().contains("ready in cluster")) {
            if (!worker.isAlive() || System.nanoTime() > deadline) {
                String why = worker.isAlive() ? "not ready within 120 s" : "exited with " + worker.exitValue();
                stopWorker();
                throw new IllegalStateException("the worker JVM is " + why + ":\n" + log());
            }
            Thread.sleep(50); // polling the worker's log, bounded by the deadline
        }
    }

    private String log() throws IOException {
        return Files.exists(workerLog) ? Files.readString(workerLog, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM (the worker leaves the cluster gracefully), then SIGKILL if it lingers; by this process's handle. */
    private void stopWorker() throws InterruptedException {
        if (worker == null) {
            return;
        }
        worker.destroy();
        if (!worker.waitFor(20, TimeUnit.SECONDS)) {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
