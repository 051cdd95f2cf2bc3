package dev.phasor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file-system floor of a run: per step, the files Phasor persists (a result and a status of the same
 * mean sizes) written to a temporary name and renamed into place, on the same number of threads, with
 * plain JDK calls and no Phasor code. For a chain, each step first reads the result before it, on one
 * thread: the least a dependent step costs when every result is persisted. For a payload, the blocks are
 * written on the threads, then read back one after the other, as the step that sums them does. What the
 * local backend is measured against (and, for chains and payloads, what the cluster backends add their
 * transport to).
 */
public final class FileSystemFloor {

    /** How a run's steps meet their files, as far as the floor goes. */
    public enum Shape {
        /** Independent steps: each writes its files, on the threads. */
        WIDE(""),
        /** One step after the other, each first reading the result before it (one thread). */
        CHAIN(", each step reading the last"),
        /** Independent steps, then every result read back on one thread (the step that sums them). */
        PAYLOAD(", then read back");

        /** What the progress note adds to "written and renamed on N threads". */
        final String how;

        Shape(String how) {
            this.how = how;
        }
    }

    private FileSystemFloor() {
    }

    /** Writes and renames {@code steps} x (result + status) files in a fresh directory under {@code work}; returns ms. */
    public static double measure(Path work, int steps, int threads, int resultBytes, int statusBytes)
            throws Exception {
        return measure(work, Shape.WIDE, steps, threads, resultBytes, statusBytes);
    }

    /** As {@link #measure(Path, int, int, int, int)} for a run of {@code shape} (a chain on one thread); ms. */
    public static double measure(Path work, Shape shape, int steps, int threads, int resultBytes, int statusBytes)
            throws Exception {
        boolean chained = shape == Shape.CHAIN;
        int workers = chained ? 1 : threads;
        Path dir = Files.createTempDirectory(work, "floor");
        byte[] result = filled(resultBytes);
        byte[] status = filled(statusBytes);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < workers; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < steps; i = next.getAndIncrement()) {
                        if (chained && i > 0) {
                            read(dir.resolve("w" + (i - 1) + ".step"));
                        }
                        writeAndRename(dir.resolve("w" + i + ".step"), result);
                        writeAndRename(dir.resolve("w" + i + ".status"), status);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            if (shape == Shape.PAYLOAD) {
                for (int i = 0; i < steps; i++) {
                    read(dir.resolve("w" + i + ".step"));
                }
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            pool.shutdownNow();
            Bench.deleteTree(dir);
        }
    }

    private static void writeAndRename(Path target, byte[] bytes) {
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(Path file) {
        try {
            if (Files.readAllBytes(file).length == 0) {
                throw new IllegalStateException(file + " is empty");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[Math.max(1, n)];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }
}
