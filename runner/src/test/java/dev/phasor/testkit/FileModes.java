package dev.phasor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The modes ({@code chmod} octal, with the set-group-ID bit) of what a run left in a cache. */
public final class FileModes {

    private FileModes() {
    }

    /** Skips the test on a file system whose modes cannot be read as octal numbers (no {@code unix} view). */
    public static void assumeUnixModes(Path dir) {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("unix"),
                "the file system has no POSIX modes");
    }

    /** The mode of {@code p}: permission bits and set-user-ID, set-group-ID and sticky bits. */
    public static int mode(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every file and directory under {@code root} ({@code root} included) with its mode, by path relative to
     * {@code root} ({@code ""} for it), leaving out what lies under a directory that {@code skipInside} accepts
     * (the directory itself is kept).
     */
    public static Map<String, Integer> under(Path root, Predicate<Path> skipInside) {
        Map<String, Integer> modes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> !insideSkipped(root, p, skipInside))
                    .forEach(p -> modes.put(root.relativize(p).toString(), mode(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return modes;
    }

    private static boolean insideSkipped(Path root, Path p, Predicate<Path> skipInside) {
        for (Path dir = p.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            if (skipInside.test(dir)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asserts that every directory in {@code modes} (paths relative to {@code root}) has {@code dirMode} and
     * every other file {@code fileMode}, naming the first that does not, and that there are some of each.
     */
    public static void assertModes(Path root, Map<String, Integer> modes, int fileMode, int dirMode) {
        int dirs = 0;
        for (Map.Entry<String, Integer> e : modes.entrySet()) {
            boolean dir = Files.isDirectory(root.resolve(e.getKey()), LinkOption.NOFOLLOW_LINKS);
            dirs += dir ? 1 : 0;
            int expected = dir ? dirMode : fileMode;
            assertEquals(octal(expected), octal(e.getValue()), () -> (dir ? "directory " : "file ")
                    + root.resolve(e.getKey()) + " in " + octalModes(modes));
        }
        assertTrue(dirs > 0 && dirs < modes.size(), () -> "files and directories expected: " + octalModes(modes));
    }

    /** {@code modes} as octal text, for messages. */
    public static Map<String, String> octalModes(Map<String, Integer> modes) {
        Map<String, String> text = new TreeMap<>();
        modes.forEach((p, m) -> text.put(p, octal(m)));
        return text;
    }

    public static String octal(int mode) {
        return String.format("%04o", mode);
    }

    /** This JVM's umask, as a shell it starts reports it (a child process inherits it). */
    public static int umask() {
        try {
            Process sh = new ProcessBuilder("sh", "-c", "umask").redirectErrorStream(true).start();
            String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, sh.waitFor(), out);
            return Integer.parseInt(out, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
