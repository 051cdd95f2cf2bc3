package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Runs real MPJ Express jobs through {@code bin/mpjrun.sh} (and the niodev daemon through
 * {@code bin/mpj-daemon.sh}) as processes with a time limit each; whatever outlives its limit is
 * stopped by PID. Each job gets a private TMPDIR, so its job directory (rank markers) can be found.
 */
final class MpjLauncher {

    /** How a job ended. */
    record Result(int exitCode, String out, String err, double seconds) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + String.format("%.1f", seconds) + " s\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    /** A job in progress. */
    static final class Running {
        private final Process process;
        private final Path tmp;
        private final Path out;
        private final Path err;
        private final long startedAt = System.nanoTime();

        private Running(Process process, Path tmp, Path out, Path err) {
            this.process = process;
            this.tmp = tmp;
            this.out = out;
            this.err = err;
        }

        /** The launcher's PID (bin/mpjrun.sh execs the Java launcher). */
        long pid() {
            return process.pid();
        }

        /** The PID rank {@code rank} wrote after MPI.Init, waiting for it up to {@code seconds}. */
        long rankPid(int rank, int seconds) throws IOException {
            return pidIn("rank-" + rank + ".pid", seconds);
        }

        /** The PID in the job directory's file {@code name} (e.g. the private daemon's), waiting up to {@code seconds}. */
        long pidIn(String name, int seconds) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                Optional<Path> marker = jobDir().map(d -> d.resolve(name)).filter(Files::isRegularFile);
                if (marker.isPresent()) {
                    String text = Files.readString(marker.get()).strip();
                    if (!text.isEmpty()) {
                        return Long.parseLong(text);
                    }
                }
                pollInterval();
            }
            throw new AssertionError("the job directory held no " + name + " within " + seconds + " s");
        }

        /** The job directory: under TMPDIR, or under the working directory when ranks run on other hosts. */
        private Optional<Path> jobDir() throws IOException {
            for (Path base : List.of(tmp, tmp.getParent())) {
                try (Stream<Path> dirs = Files.list(base)) {
                    Optional<Path> found = dirs.filter(p -> p.getFileName().toString().startsWith("phasor-mpj.")).findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        }

        /** What the job printed on stdout so far. */
        String outSoFar() {
            try {
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** Waits for the job; past {@code seconds} it is stopped (SIGTERM, then SIGKILL by PID) and the test fails. */
        Result await(int seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                long pid = process.pid();
                List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
                process.destroy(); // the launcher's trap stops its ranks
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                fail("bin/mpjrun.sh (pid " + pid + ") did not end within " + seconds + " s; stopped it\n" + result());
            }
            return result();
        }

        private Result result() throws IOException {
            return new Result(process.isAlive() ? -1 : process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - startedAt) / 1e9);
        }
    }

    private final Path repo;

    MpjLauncher(Path repo) {
        this.repo = repo;
    }

    /** The repository root: the first directory up from the working directory that holds bin/mpjrun.sh. */
    static Path findRepo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/mpjrun.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("bin/mpjrun.sh not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Launcher options for a job of {@code ranks} ranks on {@code device} with the test class path, MPJ's own
     * limit {@code timeoutSeconds}, the daemon port for niodev, and JVM flags for every rank.
     */
    static List<String> jobOptions(String device, int ranks, int timeoutSeconds, int daemonPort, String... jvmArgs) {
        List<String> o = new ArrayList<>(List.of("-np", Integer.toString(ranks), "-dev", device,
                "-timeout", Integer.toString(timeoutSeconds), "-cp", testClassPath()));
        if (device.equals("niodev")) {
            o.addAll(List.of("-dport", Integer.toString(daemonPort)));
        }
        for (String a : jvmArgs) {
            o.addAll(List.of("-jvmarg", a));
        }
        return o;
    }

    /** The test JVM's class path, for the ranks: everything but MPJ's own jars, which the starter adds. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    Path repo() {
        return repo;
    }

    /**
     * Starts {@code bin/mpjrun.sh launcherArgs -- CLASS appArgs} in {@code work} (which gets the job's TMPDIR and
     * output files), with extra environment {@code env} (name, value, name, value...).
     */
    Running start(Path work, List<String> launcherArgs, List<String> env, String pipelineClass, String... appArgs)
            throws IOException {
        return start(work, UnaryOperator.identity(), launcherArgs, env, pipelineClass, appArgs);
    }

    /** As {@link #start(Path, List, List, String, String...)}, the command line passed through {@code wrap} (e.g. to run it on a test host). */
    Running start(Path work, UnaryOperator<List<String>> wrap, List<String> launcherArgs, List<String> env,
            String pipelineClass, String... appArgs) throws IOException {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path out = Files.createTempFile(work, "job", ".out");
        Path err = Files.createTempFile(work, "job", ".err");
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("bin/mpjrun.sh").toString());
        command.addAll(launcherArgs);
        command.add(pipelineClass);
        command.addAll(List.of(appArgs));
        ProcessBuilder pb = new ProcessBuilder(wrap.apply(command)).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TMPDIR", tmp.toString());
        for (int i = 0; i + 1 < env.size(); i += 2) {
            pb.environment().put(env.get(i), env.get(i + 1));
        }
        return new Running(pb.start(), tmp, out, err);
    }

    /** Starts a niodev daemon on a free port with bin/mpj-daemon.sh; returns its port. */
    int startDaemon(Path pidFile) throws Exception {
        Result r = script(List.of(repo.resolve("bin/mpj-daemon.sh").toString(), "start", "--pidfile", pidFile.toString()),
                pidFile.getParent(), 60);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("bin/mpj-daemon.sh start failed\n" + r);
        }
        List<String> lines = r.out().strip().lines().toList();
        return Integer.parseInt(lines.get(lines.size() - 1).strip());
    }

    /** Stops the daemon of {@code pidFile} with bin/mpj-daemon.sh, and by PID if it is still alive. */
    void stopDaemon(Path pidFile) throws Exception {
        Optional<ProcessHandle> daemon = Files.isRegularFile(pidFile)
                ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())) : Optional.empty();
        script(List.of(repo.resolve("bin/mpj-daemon.sh").toString(), "stop", "--pidfile", pidFile.toString()),
                pidFile.getParent(), 60);
        daemon.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
    }

    private Result script(List<String> command, Path work, int seconds) throws Exception {
        Path out = Files.createTempFile(work, "script", ".out");
        Path err = Files.createTempFile(work, "script", ".err");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        return new Running(p, work, out, err).await(seconds);
    }

    /** The pause between two looks at a condition polled with a deadline (not a synchronisation: the deadline is). */
    static void pollInterval() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }

    static void sendSignal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
