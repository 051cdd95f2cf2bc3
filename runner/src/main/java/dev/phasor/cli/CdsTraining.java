package dev.phasor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The workload {@code scripts/build.sh} runs once, under {@code -XX:ArchiveClassesAtExit}, to record the
 * classes every {@code bin/phasor} command loads into an AppCDS archive: a short local run of the example
 * pipeline (fresh, then cached), {@code status}, {@code result}, a tiny local bench and a Hazelcast worker
 * start (alone in its own cluster on 127.0.0.1, stopped at exit). Later JVMs map
 * those classes from the archive instead of loading, parsing and verifying them from the jars.
 *
 * <p>Everything happens in a temporary directory that is removed at the end; the commands' output goes to
 * this JVM's stdout (the build sends it to a log). A command that fails only makes the archive smaller.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("phasor-cds-training-");
        try {
            String cache = work.resolve("cache").toString();
            String[][] commands = {
                {"--help"},
                {"run", "dev.phasor.examples.Simple", "--cache", cache, "--progress", "plain"},
                {"run", "dev.phasor.examples.Simple", "--cache", cache, "--progress", "plain"},
                {"status", "--cache", cache},
                {"result", "gamma", "--cache", cache},
                {"result", "gamma", "--json", "--cache", cache},
                {"bench", "--backend", "local", "--pipeline", "payload,wide", "--steps", "200", "--payload-mib", "4",
                    "--threads", "2", "--work", work.toString(), "--out", work.resolve("bench").toString()},
            };
            PrintStream out = System.out;
            for (String[] command : commands) {
                int code = Cli.execute(null, command);
                out.println("cds training: phasor " + String.join(" ", command) + " -> exit code " + code);
            }
            startWorker(out);
        } finally {
            deleteTree(work);
        }
        System.out.flush();
        System.exit(0); // the archive is written at exit; non-daemon threads of a command must not hold it up
    }

    /**
     * Starts a Hazelcast worker member (when the cluster module is there) alone in a cluster of its own on
     * 127.0.0.1, and returns once it is ready or after {@value #WORKER_WAIT_SECONDS} s; {@code System.exit}
     * then stops it through its shutdown hook. Its start-up classes are most of a worker's, and of a
     * coordinator member's.
     */
    private static void startWorker(PrintStream out) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            out.println("cds training: no free port for a worker: " + e);
            return;
        }
        String[] command = {"worker", "--cluster-name", "phasor-cds-training-" + ProcessHandle.current().pid(),
            "--bind", "127.0.0.1", "--port", String.valueOf(port), "--join", "127.0.0.1:" + port, "--threads", "1"};
        CountDownLatch ready = new CountDownLatch(1);
        Writer watch = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                out.print(new String(buf, off, len));
                if (new String(buf, off, len).contains("ready in cluster")) {
                    ready.countDown();
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
            }
        };
        Thread worker = new Thread(() -> {
            CommandLine cl = Cli.commandLine(null);
            cl.setOut(new PrintWriter(watch, true));
            int code = cl.execute(command);
            out.println("cds training: phasor worker -> exit code " + code);
            ready.countDown();
        }, "cds-training-worker");
        worker.setDaemon(true);
        worker.start();
        try {
            boolean up = ready.await(WORKER_WAIT_SECONDS, TimeUnit.SECONDS);
            out.println("cds training: phasor " + String.join(" ", command) + (up ? " -> ready" : " -> not ready, left"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final int WORKER_WAIT_SECONDS = 60;

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
