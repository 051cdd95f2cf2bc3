package dev.phasor.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.testkit.Diamond;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phasor slurm workers|members|stop} against a real one-node Slurm: the submitted worker joins, a
 * coordinator runs a multi-phase pipeline on it, and stopping the job leaves no worker JVM behind.
 */
class SlurmWorkersTest {

    @RegisterExtension
    static final LocalSlurm SLURM = new LocalSlurm();

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void submittedWorkersRunAPipelineAndStopLeavesNoWorker() throws Exception {
        String cluster = "phasor-slurm-test-" + UUID.randomUUID();
        int workerPort = freePort();
        int coordinatorPort = freePort();
        Path logs = dir.resolve("logs");
        LocalSlurm.Result submitted = phasor(60, "slurm", "workers", "--nodes", "1", "--threads", "2", "--time", "5",
                "--cluster-name", cluster, "--port", String.valueOf(workerPort), "--join",
                "127.0.0.1:" + coordinatorPort, "--log-dir", logs.toString());
        assertEquals(0, submitted.code(), submitted + SLURM.logs());
        String job = submitted.out().lines().findFirst().orElse("").strip();
        assertTrue(job.matches("\\d+"), "the first line is the job id: " + submitted);
        assertTrue(submitted.out().contains(logs.resolve("phasor-workers-" + job + ".out").toString()), submitted.out());
        try {
            Path workerLog = awaitWorkerLog(logs, job, cluster, 120);

            LocalSlurm.Result members = phasor(30, "slurm", "members", job, "--port", String.valueOf(workerPort));
            assertEquals(0, members.code(), members.toString());
            assertEquals("localhost:" + workerPort, members.out().strip());

            Path cache = dir.resolve("cache");
            LocalSlurm.Result run = phasor(120, "run", "dev.phasor.testkit.Diamond", "--cache", cache.toString(),
                    "--backend", "hazelcast", "--cluster-name", cluster, "--join", members.out().strip(),
                    "--bind", "127.0.0.1", "--port", String.valueOf(coordinatorPort));
            assertEquals(0, run.code(), run + "\n--- worker\n" + Files.readString(workerLog));
            CacheReader reader = CacheReader.open(cache, "diamond");
            assertEquals(Diamond.expectedTotal(8), reader.result("total"));
            Set<String> workers = reader.statuses().stream().map(StepStatus::worker).collect(Collectors.toSet());
            assertTrue(workers.size() == 1 && workers.iterator().next().endsWith(":" + workerPort),
                    "every step ran on the Slurm worker: " + workers);
        } finally {
            LocalSlurm.Result stopped = phasor(150, "slurm", "stop", job, "--wait", "90");
            assertEquals(0, stopped.code(), stopped + SLURM.logs());
            assertTrue(stopped.out().contains("job " + job + " ended"), stopped.out());
        }
        LocalSlurm.Result queue = LocalSlurm.run(List.of("squeue", "-h", "-j", job, "-o", "%T"), SLURM.env(), 30);
        assertTrue(queue.out().isBlank(), "the job left the queue: " + queue);
        assertTrue(LocalSlurm.processesWith(cluster).isEmpty(), () -> "no worker JVM of cluster " + cluster
                + " remains: " + LocalSlurm.processesWith(cluster).stream().map(p -> p.pid() + " "
                        + p.info().commandLine().orElse("")).toList());
        assertTrue(Files.readString(logs.resolve("phasor-worker-" + job + "-" + shortHostname() + ".log"))
                .contains("stopping: leaving cluster '" + cluster + "'"), "the worker left on SIGTERM, cleanly");
    }

    @Test
    @Timeout(60)
    void aRefusedJobShowsWhatSbatchSaid() throws Exception {
        LocalSlurm.Result r = phasor(45, "slurm", "workers", "--nodes", "1", "--join", "127.0.0.1:5801",
                "--partition", "no-such-partition", "--log-dir", dir.resolve("logs").toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("sbatch refused the job") && r.err().contains("invalid partition"), r.err());
    }

    @Test
    @Timeout(60)
    void stoppingAnUnknownJobSaysSo() throws Exception {
        LocalSlurm.Result r = phasor(45, "slurm", "stop", "999999");
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("job 999999 is not known to Slurm"), r.err());
    }

    private Path awaitWorkerLog(Path logs, String job, String cluster, int seconds) throws Exception {
        Path log = logs.resolve("phasor-worker-" + job + "-" + shortHostname() + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(log) && Files.readString(log).contains("ready in cluster '" + cluster + "'")) {
                return log;
            }
            Thread.sleep(200); // polling interval
        }
        throw new AssertionError("no worker joined within " + seconds + " s\n--- " + log + "\n"
                + (Files.isRegularFile(log) ? Files.readString(log) : "(none)") + "\n--- job output\n"
                + readOrNone(logs.resolve("phasor-workers-" + job + ".out")) + SLURM.logs());
    }

    private static String readOrNone(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.readString(p) : "(none)";
    }

    /** srun's %N in the worker log names: the short host name of the node. */
    static String shortHostname() throws IOException {
        String h = InetAddress.getLocalHost().getHostName();
        int dot = h.indexOf('.');
        return dot > 0 ? h.substring(0, dot) : h;
    }

    /** {@code phasor ARGS} in its own JVM (the test class path), with this Slurm's environment. */
    private LocalSlurm.Result phasor(int seconds, String... args) throws Exception {
        return LocalSlurm.run(phasorCommand(args), SLURM.env(), seconds);
    }

    static List<String> phasorCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "java.se", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.phasor.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
