package dev.phasor.cluster.mpj.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's directory and the markers its ranks write there (dev.phasor.cluster.mpj.JobMarkers):
 * {@code rank-<r>.host} and {@code .pid} after MPI.Init, {@code .error} (one line) on failure, {@code .exit}
 * (the exit code as text) after MPI.Finalize; and rank 0's {@code rank-0.lost}, the ranks it went on without.
 */
final class JobDir {

    private static final int MAX_ERROR_BYTES = 2000;

    private final Path dir;

    JobDir(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /** What one rank has written so far. */
    record Rank(boolean exitWritten, Integer exitCode, boolean pidWritten, String error, String host) {

        /** Finished: its exit marker holds a code. */
        boolean finished() {
            return exitCode != null;
        }

        /** Failed so far: an error marker, or an exit code other than 0. */
        boolean failed() {
            return error != null || (exitCode != null && exitCode != 0);
        }
    }

    Rank rank(int r) {
        String exit = read("rank-" + r + ".exit", 64);
        Integer code = null;
        if (exit != null && !exit.isEmpty()) {
            String digits = exit.replaceAll("[^0-9]", "");
            if (!digits.isEmpty()) {
                code = digits.length() > 3 ? 255 : Math.min(255, Integer.parseInt(digits));
            }
        }
        String error = read("rank-" + r + ".error", MAX_ERROR_BYTES);
        if (error != null) {
            error = error.replaceAll("[\\r\\n]", " ").stripTrailing();
        }
        String host = read("rank-" + r + ".host", 1024);
        return new Rank(Files.exists(marker(r, "exit")), code,
                Files.exists(marker(r, "pid")), error == null || error.isEmpty() ? null : error,
                host == null ? null : host.strip());
    }

    List<Rank> ranks(int n) {
        List<Rank> ranks = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            ranks.add(rank(r));
        }
        return ranks;
    }

    /**
     * The ranks rank 0 went on without ({@code rank-0.lost}: numbers separated by spaces): lost mid-run, their
     * steps run again on the others. Rank 0 itself and ranks outside the job are never in it.
     */
    Set<Integer> lostRanks(int n) {
        String text = read("rank-0.lost", 64 * 1024);
        Set<Integer> lost = new TreeSet<>();
        if (text != null) {
            for (String word : text.trim().split("\\s+")) {
                if (word.matches("[0-9]{1,9}")) {
                    int r = Integer.parseInt(word);
                    if (r > 0 && r < n) {
                        lost.add(r);
                    }
                }
            }
        }
        return lost;
    }

    /** The PID rank {@code r} wrote, or null. */
    Long pid(int r) {
        String text = read("rank-" + r + ".pid", 64);
        String digits = text == null ? "" : text.strip();
        return digits.matches("[0-9]{1,18}") ? Long.valueOf(digits) : null;
    }

    /** The PIDs in the ranks' pid markers. */
    List<Long> markedPids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "rank-*.pid")) {
            for (Path p : s) {
                String digits = Files.readString(p, StandardCharsets.UTF_8).replaceAll("[^0-9]", "");
                if (!digits.isEmpty() && digits.length() < 19) {
                    pids.add(Long.parseLong(digits));
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    boolean anyPidMarker() {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "rank-*.pid")) {
            return s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private Path marker(int r, String kind) {
        return dir.resolve("rank-" + r + "." + kind);
    }

    /** The first {@code max} bytes of a marker, or null when it is missing. */
    private String read(String name, int max) {
        Path p = dir.resolve(name);
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
