package dev.phasor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * What a run wrote into its cache directory: total bytes, and how many result and status files of what
 * mean size (the file-system floor writes the same files).
 */
public record CacheStats(long bytes, int resultFiles, long resultBytes, int statusFiles, long statusBytes) {

    /** Walks {@code dir}. */
    public static CacheStats of(Path dir) {
        long[] t = new long[5];
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(f -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    if (!a.isRegularFile()) {
                        return;
                    }
                    t[0] += a.size();
                    String name = f.getFileName().toString();
                    if (name.endsWith(".step")) {
                        t[1]++;
                        t[2] += a.size();
                    } else if (name.endsWith(".status")) {
                        t[3]++;
                        t[4] += a.size();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CacheStats(t[0], (int) t[1], t[2], (int) t[3], t[4]);
    }

    int meanResultBytes() {
        return resultFiles == 0 ? 0 : (int) (resultBytes / resultFiles);
    }

    int meanStatusBytes() {
        return statusFiles == 0 ? 0 : (int) (statusBytes / statusFiles);
    }
}
