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

    private FileSystemFloor() {
    }

    /** Writes and renames {@code steps} x (result + status) files in a fresh directory under {@code work}; returns ms. */
    public static double measure(Path work, int steps, int threads, int resultBytes, int statusBytes)
            throws Exception {
        return measure(work, steps, threads, resultBytes, statusBytes, false, false);
    }

    /** As {@link #measure(Path, int, int, int, int)} for a chain: step i reads step i-1's result first. */
    public static double measureChain(Path work, int steps, int resultBytes, int statusBytes) throws Exception {
        return measure(work, steps, 1, resultBytes, statusBytes, true, false);
    }

    /**
     * As {@link #measure(Path, int, int, int, int)} for {@code blocks} results of {@code blockBytes} each, then
     * every block read back on one thread; returns ms.
     */
    public static double measurePayload(Path work, int blocks, int threads, int blockBytes, int statusBytes)
            throws Exception {
        return measure(work, blocks, threads, blockBytes, statusBytes, false, true);
    }

    private static double measure(Path work, int steps, int threads, int resultBytes, int statusBytes,
            boolean chained, boolean readAllAfter) throws Exception {
        Path dir = Files.createTempDirectory(work, "floor");
        byte[] result = filled(resultBytes);
        byte[] status = filled(statusBytes);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
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
            if (readAllAfter) {
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
