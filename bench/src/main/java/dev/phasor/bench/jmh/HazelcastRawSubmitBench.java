package dev.phasor.bench.jmh;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The transport under {@link HazelcastDispatchBench} without Phasor: a lite member here submits a tiny
 * {@link RawHazelcast.Echo} task to a plain member in another JVM ({@code IExecutorService.submitToMember}),
 * one at a time ({@code roundTrip}) or {@value #IN_FLIGHT} at once ({@code inFlight}, time per task).
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
public class HazelcastRawSubmitBench {

    static final int IN_FLIGHT = 100;

    private Path dir;
    private Process worker;
    private HazelcastInstance hz;
    private IExecutorService executor;
    private Member target;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("phasor-jmh-hzraw-");
        String cluster = "phasor-jmh-raw-" + UUID.randomUUID();
        int workerPort = freePort();
        int localPort = freePort();
        String join = "127.0.0.1:" + workerPort + ",127.0.0.1:" + localPort;
        Path log = dir.resolve("member.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), RawHazelcast.class.getName(), cluster,
                String.valueOf(workerPort), join));
        worker = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!read(log).contains("raw member ready")) {
            if (!worker.isAlive() || System.nanoTime() > deadline) {
                tearDown();
                throw new IllegalStateException("the raw member did not start:\n" + read(log));
            }
            Thread.sleep(50); // polling its log, bounded by the deadline
        }
        hz = Hazelcast.newHazelcastInstance(RawHazelcast.config(cluster, localPort, List.of(join.split(",")), true));
        target = hz.getCluster().getMembers().stream().filter(m -> !m.localMember()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the raw member is not in the cluster"));
        executor = hz.getExecutorService(RawHazelcast.EXECUTOR);
        roundTrip();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        if (hz != null) {
            hz.shutdown();
        }
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(20, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
                worker.waitFor(10, TimeUnit.SECONDS);
            }
        }
        DispatchCheck.deleteTree(dir);
    }

    @Benchmark
    public int roundTrip() throws ExecutionException, InterruptedException, TimeoutException {
        int v = next++;
        return RawHazelcast.check(executor.submitToMember(new RawHazelcast.Echo(v), target), v);
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void inFlight() throws ExecutionException, InterruptedException, TimeoutException {
        List<Future<Integer>> answers = new ArrayList<>(IN_FLIGHT);
        int first = next;
        for (int i = 0; i < IN_FLIGHT; i++) {
            answers.add(executor.submitToMember(new RawHazelcast.Echo(next++), target));
        }
        for (int i = 0; i < IN_FLIGHT; i++) {
            RawHazelcast.check(answers.get(i), first + i);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
