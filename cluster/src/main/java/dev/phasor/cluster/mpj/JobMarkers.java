package dev.phasor.cluster.mpj;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The files by which a rank tells {@code bin/mpjrun.sh} how it did, since MPJ's own launcher exits 0
 * whatever happened: {@code rank-<r>.host} (its host name) and {@code rank-<r>.pid} after {@code MPI.Init}
 * (the launcher can watch a PID on its own host only), {@code rank-<r>.error} (one line) when
 * it fails, {@code rank-0.lost} (the ranks rank 0 went on without, by number) when a rank is lost mid-run,
 * and {@code rank-<r>.exit} (the exit code) once it is done, after {@code MPI.Finalize}. Each
 * is written to a temporary name and renamed, so the launcher never reads half a marker.
 */
final class JobMarkers {

    private static final int MAX_ERROR_CHARS = 2000;

    private final Path dir;
    private final int rank;

    JobMarkers(Path dir, int rank) {
        this.dir = dir;
        this.rank = rank;
    }

    /** The host name first: once the pid marker is there, the launcher knows whether it can see that PID. */
    void pid() {
        write("host", hostName());
        write("pid", Long.toString(ProcessHandle.current().pid()));
    }

    /** The kernel's host name, as {@code hostname} prints it (no name lookup). */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException unknown) {
                return "unknown";
            }
        }
    }

    void error(String message) {
        String line = message.replaceAll("[\\r\\n]+", " ").strip();
        write("error", line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) : line);
    }

    /** Rank 0: the ranks the run went on without, e.g. "1 3" ({@code rank-0.lost}); rewritten as more are lost. */
    void lost(Collection<Integer> ranks) {
        write("lost", String.join(" ", ranks.stream().map(String::valueOf).toList()));
    }

    void exit(int code) {
        write("exit", Integer.toString(code));
    }

    /** Waits until rank {@code other} has written its exit marker, at most {@code millis}. */
    void awaitExit(int other, long millis) {
        Path marker = dir.resolve("rank-" + other + ".exit");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!Files.exists(marker)) {
            if (System.nanoTime() - deadline > 0) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void write(String kind, String text) {
        Path target = dir.resolve("rank-" + rank + "." + kind);
        Path tmp = dir.resolve(".rank-" + rank + "." + kind + ".tmp");
        try {
            Files.write(tmp, (text + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The launcher then reports this rank as unfinished, which is the truth it can see.
            System.err.println("phasor: rank " + rank + " cannot write " + target + ": " + e);
        }
    }
}
