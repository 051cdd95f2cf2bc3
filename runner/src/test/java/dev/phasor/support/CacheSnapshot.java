package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every regular file under a directory with its bytes and modification time, to prove that an operation
 * wrote nothing. {@link #ageAll} first sets every file's time far into the past, so that a write is
 * visible whatever the file system's time resolution.
 */
public final class CacheSnapshot {

    /** A time no run of the test suite can produce. */
    public static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    private final Path root;
    private final Map<String, byte[]> bytes = new TreeMap<>();
    private final Map<String, FileTime> times = new TreeMap<>();

    private CacheSnapshot(Path root) {
        this.root = root;
    }

    /** Sets the modification time of every regular file under {@code root} to {@link #LONG_AGO}. */
    public static void ageAll(Path root) {
        for (Path f : files(root)) {
            try {
                Files.setLastModifiedTime(f, LONG_AGO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Takes a snapshot of every regular file under {@code root}. */
    public static CacheSnapshot of(Path root) {
        CacheSnapshot s = new CacheSnapshot(root);
        for (Path f : files(root)) {
            String name = root.relativize(f).toString();
            try {
                s.bytes.put(name, Files.readAllBytes(f));
                s.times.put(name, Files.getLastModifiedTime(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    /** Number of files in the snapshot. */
    public int size() {
        return bytes.size();
    }

    /** Asserts that the directory holds exactly the same files, byte for byte, none of them newer. */
    public void assertUnchanged() {
        CacheSnapshot now = of(root);
        assertEquals(bytes.keySet(), now.bytes.keySet(), "files under " + root);
        for (String name : bytes.keySet()) {
            assertArrayEquals(bytes.get(name), now.bytes.get(name), () -> name + " changed");
            assertEquals(times.get(name), now.times.get(name), () -> name + " was written");
        }
    }

    private static java.util.List<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
