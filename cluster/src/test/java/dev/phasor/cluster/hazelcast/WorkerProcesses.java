package dev.phasor.cluster.hazelcast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code phasor worker} (and coordinator) JVMs for one test: a unique cluster name, ports picked free on
 * 127.0.0.1, one log file per process, and every process stopped by its PID in {@link #close}.
 */
final class WorkerProcesses implements AutoCloseable {

    private static final Pattern READY =
            Pattern.compile("ready in cluster '.*' with \\d+ threads \\((\\d+) members\\)");
    private static final Pattern STEP_STARTED = Pattern.compile("run \\w+: (\\S+) \\(attempt 1\\) started");
    private static final List<String> JDK_OPENS = List.of("--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** One worker JVM. */
    record Worker(int port, Process process, Path log) {
        /** The name status files give it. */
        String name() {
            return "hz:127.0.0.1:" + port;
        }

        String output() {
            return read(log);
        }
    }

    final String clusterName = "phasor-test-" + UUID.randomUUID();
    /** The coordinator's port, listed in every worker's --join so late workers find the running cluster. */
    final int coordinatorPort = freePort();
    private final Path dir;
    private final List<Worker> workers = new ArrayList<>();
    /** Every process started, workers and coordinators, stopped in {@link #close}. */
    private final List<Process> processes = new ArrayList<>();

    WorkerProcesses(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a worker on a free port, joining through the workers started so far and the coordinator.
     *
     * @param properties system properties for its JVM (the test pipelines' phasor.test.*)
     */
    Worker start(Map<String, String> properties, int threads, boolean verbose) throws IOException {
        return start(properties, threads, verbose, List.of());
    }

    /** As {@link #start(Map, int, boolean)}, with more {@code phasor worker} options. */
    Worker start(Map<String, String> properties, int threads, boolean verbose, List<String> options)
            throws IOException {
        int port = freePort();
        List<String> join = new ArrayList<>();
        workers.stream().filter(w -> w.process().isAlive()).forEach(w -> join.add("127.0.0.1:" + w.port()));
        join.add("127.0.0.1:" + port);
        join.add("127.0.0.1:" + coordinatorPort);
        List<String> cmd = java(properties);
        cmd.addAll(List.of("dev.phasor.cli.Main", "worker", "--join", String.join(",", join),
                "--cluster-name", clusterName, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--threads", String.valueOf(threads)));
        if (verbose) {
            cmd.add("-v");
        }
        cmd.addAll(options);
        Path log = dir.resolve("worker-" + port + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Worker w = new Worker(port, p, log);
        workers.add(w);
        processes.add(p);
        return w;
    }

    /**
     * Starts {@code phasor CMD ARGS...} in its own JVM with the test class path, logging to {@code log}; it is
     * stopped by PID in {@link #close}. For commands laid out exactly as a user types them (e.g. workers whose
     * join list names only workers).
     */
    Process spawn(Map<String, String> properties, List<String> args, Path log) throws IOException {
        List<String> cmd = java(properties);
        cmd.add("dev.phasor.cli.Main");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    /** Starts {@code phasor run CLASS --backend hazelcast} in its own JVM, as a user would. */
    Process startCoordinator(Map<String, String> properties, String pipelineClass, Path cache, Path log)
            throws IOException {
        return startCoordinator(properties, pipelineClass, cache, log, List.of());
    }

    /** As {@link #startCoordinator(Map, String, Path, Path)}, with more {@code phasor run} options. */
    Process startCoordinator(Map<String, String> properties, String pipelineClass, Path cache, Path log,
            List<String> options) throws IOException {
        List<String> cmd = java(properties);
        cmd.addAll(List.of("dev.phasor.cli.Main", "run", pipelineClass, "--cache", cache.toString(),
                "--backend", "hazelcast", "--join", joinList(), "--cluster-name", clusterName,
                "--bind", "127.0.0.1", "--port", String.valueOf(coordinatorPort)));
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    /** The command line of a JVM with the test class path, the JDK opens Hazelcast wants and {@code properties}. */
    static List<String> java(Map<String, String> properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(JDK_OPENS);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", classpath()));
        return cmd;
    }

    /** The join list a coordinator uses: every live worker. */
    String joinList() {
        return workers.stream().filter(w -> w.process().isAlive()).map(w -> "127.0.0.1:" + w.port())
                .collect(Collectors.joining(","));
    }

    /** Waits until each worker has joined; with {@code members}, until one of them saw that many members. */
    void awaitReady(List<Worker> ready, int members, Duration timeout) {
        awaitTrue(() -> ready.stream().allMatch(w -> READY.matcher(w.output()).find())
                && ready.stream().anyMatch(w -> membersSeen(w) >= members), timeout,
                () -> "workers not ready: " + ready.stream().map(w -> w.name() + ":\n" + w.output())
                        .collect(Collectors.joining("\n")));
    }

    private static int membersSeen(Worker w) {
        Matcher m = READY.matcher(w.output());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The workers started so far (alive or not), in starting order. */
    List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** kill -9. */
    void kill(Worker w) throws InterruptedException {
        w.process().destroyForcibly();
        if (!w.process().waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker " + w.name() + " survived kill -9");
        }
    }

    /** Waits until {@code worker} has started a step whose status file does not exist yet; returns its name. */
    static String awaitStepInFlight(Worker worker, Path dir, Duration timeout) {
        java.util.concurrent.atomic.AtomicReference<String> step = new java.util.concurrent.atomic.AtomicReference<>();
        awaitTrue(() -> {
            Matcher m = STEP_STARTED.matcher(worker.output());
            while (m.find()) {
                if (!Files.exists(dir.resolve(m.group(1) + ".status"))) {
                    step.set(m.group(1));
                    return true;
                }
            }
            return false;
        }, timeout, () -> "no step in flight on " + worker.name() + ":\n" + worker.output());
        return step.get();
    }

    /** Sends {@code kill -SIGNAL} to a process (STOP, CONT...). */
    static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
        }
    }

    /** Stops every process by PID: SIGTERM (a graceful leave), then SIGKILL for any that lingers. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} after {@code timeout}. */
    static void awaitTrue(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + what.get());
            }
            try {
                Thread.sleep(50); // polling interval, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what.get());
            }
        }
    }

    /** A log file's text so far ("" before the process created it). */
    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }
}
