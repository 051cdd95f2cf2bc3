package dev.phasor.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Maps a download path to a file inside a pipeline's cache directory, and nothing outside it. */
final class CacheFiles {

    private CacheFiles() {
    }

    /**
     * The regular file {@code relative} names under {@code dir}, or null when it is not one: absolute, with
     * {@code ..} leaving the directory, or a link whose target is outside it. The lock file is never served.
     */
    static Path resolve(Path dir, String relative) {
        if (relative == null || relative.isEmpty() || relative.indexOf('\0') >= 0 || relative.startsWith("/")) {
            return null;
        }
        try {
            Path base = dir.toRealPath();
            Path file = base.resolve(relative).normalize();
            if (!file.startsWith(base) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            Path real = file.toRealPath();
            // opening the lock file and closing it would release a lock this JVM's run holds (POSIX)
            if (!real.startsWith(base) || !Files.isRegularFile(real) || real.getFileName().toString().equals(".lock")) {
                return null;
            }
            return real;
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }
}
