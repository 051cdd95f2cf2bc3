package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A tmpfs of a few MiB mounted on a test's directory (root only: the test is skipped with a message
 * otherwise), so that a cache can run out of space; unmounted by {@link #close}.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a {@code megabytes} MiB tmpfs on {@code dir} (created), or skips the test. */
    public static SmallDisk mount(Path dir, int megabytes) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "full-disk tests need root to mount a small"
                + " tmpfs (mount -t tmpfs); skipped as user " + System.getProperty("user.name"));
        Files.createDirectories(dir);
        assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()) == 0,
                "cannot mount a tmpfs on " + dir + " (no mount permission in this container?)");
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Gives the file system more room (remount), as a user would by freeing space. */
    public void grow(int megabytes) throws Exception {
        assertEquals(0, sh("mount", "-o", "remount,size=" + megabytes + "m", dir.toString()), "remount " + dir);
    }

    @Override
    public void close() throws Exception {
        assertEquals(0, sh("umount", dir.toString()), "umount " + dir);
    }

    /** The bytes of every result file ({@code *.step}) in a pipeline directory, by name. */
    public static Map<String, byte[]> results(Path pipelineDir) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(pipelineDir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".step")).sorted().toList()) {
                bytes.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return bytes;
    }

    /** Asserts the same result files with the same bytes, and no temporary file left. */
    public static void assertUnchanged(Map<String, byte[]> before, Path pipelineDir) throws IOException {
        Map<String, byte[]> after = results(pipelineDir);
        assertEquals(before.keySet(), after.keySet(), "no result lost, none half written");
        before.forEach((name, b) -> assertArrayEquals(b, after.get(name), name + " changed"));
        try (Stream<Path> files = Files.list(pipelineDir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(),
                    "no temporary file left");
        }
    }

    private static int sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }
}
