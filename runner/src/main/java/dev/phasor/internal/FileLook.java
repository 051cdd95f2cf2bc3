package dev.phasor.internal;

import java.nio.file.Path;

/**
 * Whether a path exists, asked without an exception. On Java 17 {@code Files.exists} of an absent path
 * throws and catches two exceptions inside the JDK (a stack trace each); a fresh run asks it of every step's
 * output folder, and those stack traces cost about a fifth of a no-op step's time on the local backend
 * (docs/benchmarks.md). {@link java.io.File#exists()} asks the same {@code stat} and returns false.
 */
public final class FileLook {

    private FileLook() {
    }

    /** True if {@code path} (on the default file system) exists, following symbolic links. */
    public static boolean exists(Path path) {
        return path.toFile().exists();
    }
}
