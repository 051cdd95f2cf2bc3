package dev.phasor.cluster.slurm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private one-node Slurm for a test class: {@code scripts/setup-slurm.sh} installs it when missing,
 * {@code scripts/slurm-local.sh configure} writes its slurm.conf (node {@code localhost} at 127.0.0.1, state and
 * logs under a temp dir, free ports), and munged, slurmctld and slurmd run as this test's own child processes,
 * stopped by PID after the class (every job cancelled first). Skips the class when not root or when Slurm
 * cannot be installed: {@code @RegisterExtension static final LocalSlurm SLURM = new LocalSlurm();}.
 */
public final class LocalSlurm implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> DAEMONS = List.of("munged", "slurmctld", "slurmd");

    private final Path repo = findRepo();
    private final List<Process> daemons = new ArrayList<>();
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: the one-node Slurm tests need root (slurmd starts jobs as their users); CI runs as root");
        Result setup = run(List.of(repo.resolve("scripts/setup-slurm.sh").toString()), Map.of(), 600);
        Assumptions.assumeTrue(setup.code() == 0, () -> "skipped: Slurm cannot be installed here"
                + " (scripts/setup-slurm.sh: " + setup.err().strip() + ")");
        dir = Files.createTempDirectory("phasor-slurm");
        Result conf = script("configure", 60);
        if (conf.code() != 0) {
            throw new IllegalStateException("scripts/slurm-local.sh configure failed: " + conf);
        }
        try {
            for (String d : DAEMONS) {
                Path out = dir.resolve("log").resolve(d + ".out");
                daemons.add(new ProcessBuilder(repo.resolve("scripts/slurm-local.sh").toString(), "daemon", d,
                        dir.toString()).redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
                if (d.equals("munged")) {
                    awaitFile(dir.resolve("munge/munge.socket"), 20);
                }
            }
            Result idle = script("wait-idle", 120);
            if (idle.code() != 0) {
                throw new IllegalStateException("the Slurm node did not become idle: " + idle);
            }
        } catch (Exception | Error e) {
            stopDaemons();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (dir == null) {
            return;
        }
        try {
            // Jobs' processes live under slurmstepd, which outlives slurmd: end every job of this Slurm first.
            run(List.of("scancel", "--user", "root"), env(), 30);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !run(List.of("squeue", "-h", "-o", "%i"), env(), 30).out().isBlank()) {
                Thread.sleep(250); // polling interval
            }
        } finally {
            stopDaemons();
            killLeftovers(dir.toString());
        }
    }

    /** SIGTERM to each daemon (slurmd first), SIGKILL after 10 s. */
    private void stopDaemons() throws InterruptedException {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        daemons.clear();
    }

    /** The environment Slurm's clients need to talk to this Slurm (and find the daemons' tools). */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SLURM_CONF", dir.resolve("slurm.conf").toString());
        env.put("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
        return env;
    }

    /** The directory holding slurm.conf, state and logs. */
    public Path dir() {
        return dir;
    }

    /** The daemons' logs, for failure messages. */
    public String logs() {
        StringBuilder s = new StringBuilder();
        for (String f : List.of("slurmctld.log", "slurmd.log")) {
            Path p = dir.resolve("log").resolve(f);
            try {
                List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                s.append("--- ").append(p).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
                        .append('\n');
            } catch (IOException e) {
                s.append("--- ").append(p).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return s.toString();
    }

    /** Live processes whose command line contains {@code marker}, other than this JVM. */
    public static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> cmdline(p.pid()).contains(marker)).toList();
    }

    private static void killLeftovers(String marker) {
        for (ProcessHandle p : processesWith(marker)) {
            p.destroyForcibly();
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // gone, or a zombie
        }
    }

    /** How a command ended. */
    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code command} with extra {@code env}; kills it (and fails) after {@code seconds}. */
    public static Result run(List<String> command, Map<String, String> env, int seconds) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile("phasor-slurm-cmd", ".out");
        Path err = Files.createTempFile("phasor-slurm-cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + seconds + " s\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private Result script(String command, int seconds) throws IOException, InterruptedException {
        return run(List.of(repo.resolve("scripts/slurm-local.sh").toString(), command, dir.toString()), Map.of(),
                seconds);
    }

    private static void awaitFile(Path p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(p)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(p + " did not appear within " + seconds + " s");
            }
            Thread.sleep(50); // polling interval
        }
    }

    /** The repository root: the first directory up from the working directory that holds scripts/slurm-local.sh. */
    public static Path findRepo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("scripts/slurm-local.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/slurm-local.sh not found above " + Path.of("").toAbsolutePath());
    }
}
