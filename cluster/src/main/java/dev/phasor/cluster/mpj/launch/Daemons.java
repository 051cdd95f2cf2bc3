package dev.phasor.cluster.mpj.launch;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The niodev daemons a job starts for itself and stops afterwards: a private one on this machine
 * ({@link DaemonControl}, pid file JOBDIR/daemon.pid), or inside a Slurm allocation one per node, started by an
 * srun step running {@code bin/mpj-daemon.sh}. MPJ's daemon starts whatever program anyone connecting to it asks
 * for, so none may outlive its job: each also has a watcher that stops it if what started it ends without doing so.
 */
final class Daemons {

    private final Path bin;
    private final Path jobDir;
    private final int killGraceSeconds;
    private final DaemonControl control;
    private final DaemonControl quiet;
    private boolean privateDaemon;
    private Process srun;

    Daemons(Path phasorHome, Path mpjHome, Map<String, String> env, Path jobDir, int killGraceSeconds) {
        this.bin = phasorHome.resolve("bin");
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        this.control = new DaemonControl(mpjHome, env, none, System.err);
        this.quiet = new DaemonControl(mpjHome, env, none, none);
        this.jobDir = jobDir;
        this.killGraceSeconds = killGraceSeconds;
    }

    /** Starts the private daemon; returns its port. */
    int startPrivate() throws LaunchException {
        privateDaemon = true; // first: the job's cleanup stops it even if start-up is interrupted
        try {
            Path pidFile = jobDir.resolve("daemon.pid");
            OptionalInt port = control.start(0, pidFile);
            if (port.isPresent()) {
                watchOver(pidFile);
                return port.getAsInt();
            }
        } catch (IOException e) {
            // said below
        }
        throw LaunchException.unavailable("could not start a private niodev daemon");
    }

    /**
     * Leaves a watcher outside this JVM (a session of its own) that stops the private daemon by its pid file once
     * this launcher is gone, however it ended. Killed with SIGKILL, the launcher cannot stop the daemon itself,
     * which would then go on starting programs for anyone who connects to it. After a normal end the pid file is
     * gone and the watcher has nothing to do.
     */
    private void watchOver(Path pidFile) throws IOException {
        String script = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done;"
                + " [ -f \"$2\" ] && \"$0\" stop --pidfile \"$2\" >/dev/null 2>&1";
        new ProcessBuilder("setsid", "bash", "-c", script, bin.resolve("mpj-daemon.sh").toString(),
                Long.toString(ProcessHandle.current().pid()), pidFile.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * One daemon per node of the allocation on one free port, by an srun step (--overlap: it shares the job's
     * CPUs with the ranks). Each task prints a ready line once its daemon listens; closing the tasks' stdin
     * (--input=all) is the signal to stop their daemon by PID. A task ended otherwise (scancel, the allocation's
     * end, srun killed) cannot stop its daemon, which runs in a session of its own that Slurm's process tracking
     * need not follow (proctrack/linuxproc does not): so each task also leaves a watcher outside the step's process
     * tree, which stops the daemon by its pid file once the task is gone. Returns the port.
     */
    int startOnSlurmNodes(int nodes, int startupLimitSeconds, BooleanSupplier interrupted) throws LaunchException {
        int port = FreePorts.take(1, Set.of()).get(0);
        String task = """
                pf="$(mktemp "${TMPDIR:-/tmp}/phasor-mpj-daemon.XXXXXXXX")"
                if ! "$0" start --port "$1" --pidfile "$pf" >/dev/null; then echo "phasor-mpj-daemon-failed $(hostname)"; exit 1; fi
                ( setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done
                  [ -f "$2" ] && "$0" stop --pidfile "$2" >/dev/null 2>&1; rm -f "$2"' "$0" "$$" "$pf" \
                  </dev/null >/dev/null 2>&1 & )
                echo "phasor-mpj-daemon-ready $(hostname)"
                while read -r _; do :; done
                "$0" stop --pidfile "$pf" >/dev/null 2>&1; rm -f "$pf"
                """;
        Path out = jobDir.resolve("daemons.out");
        Path err = jobDir.resolve("daemons.err");
        try {
            srun = new ProcessBuilder("srun", "--nodes=" + nodes, "--ntasks=" + nodes, "--ntasks-per-node=1", "--overlap",
                    "--input=all", "--kill-on-bad-exit=0", "--job-name=phasor-mpj-daemons", "bash", "-c", task,
                    bin.resolve("mpj-daemon.sh").toString(), Integer.toString(port)).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw LaunchException.unavailable("srun not found on PATH: cannot start daemons on the Slurm nodes (pass -dport)");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startupLimitSeconds);
        while (System.nanoTime() < deadline && !interrupted.getAsBoolean()) {
            List<String> lines = lines(out);
            if (lines.stream().filter(l -> l.startsWith("phasor-mpj-daemon-ready ")).count() >= nodes) {
                return port;
            }
            if (lines.stream().anyMatch(l -> l.startsWith("phasor-mpj-daemon-failed ")) || !srun.isAlive()) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        List<String> said = new java.util.ArrayList<>(lines(out));
        said.addAll(lines(err));
        throw LaunchException.unavailable("could not start niodev daemons on the Slurm nodes (port " + port + "): "
                + String.join(" ", said.subList(0, Math.min(5, said.size()))));
    }

    /**
     * Stops what this job started. The srun step: its tasks' stdin is closed, then SIGTERM, then SIGKILL (a
     * signal alone would not do: SIGTERM makes srun SIGKILL the step at once, and the daemons run in their
     * own session, so they could outlive it).
     */
    void stop() {
        if (srun != null) {
            try {
                srun.getOutputStream().close();
            } catch (IOException ignored) {
                // srun is gone already
            }
            long grace = TimeUnit.SECONDS.toMillis(killGraceSeconds + 10L);
            try {
                if (!srun.waitFor(grace, TimeUnit.MILLISECONDS)) {
                    srun.destroy();
                    if (!srun.waitFor(grace, TimeUnit.MILLISECONDS)) {
                        srun.destroyForcibly();
                        srun.waitFor(grace, TimeUnit.MILLISECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            srun = null;
        }
        if (privateDaemon) {
            try {
                quiet.stop(jobDir.resolve("daemon.pid"));
            } catch (IOException e) {
                System.err.println("mpjrun: cannot stop the job's niodev daemon: " + e);
            }
            privateDaemon = false;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
