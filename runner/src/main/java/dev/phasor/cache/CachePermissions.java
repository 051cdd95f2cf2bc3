package dev.phasor.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who besides its owner can change a cache. Whoever can write a cache's directories can replace its results
 * (the allow-list keeps a crafted file from running code, not from holding other values), so {@code phasor
 * status} names them (docs/security.md).
 */
public final class CachePermissions {

    private CachePermissions() {
    }

    /** A directory other users can write to, and its mode ({@code rwxrwxrwx}). */
    public record Exposed(Path dir, String mode) {
    }

    /**
     * The pipeline's directory, its cache root and its logs directory, those of them other users can write to.
     * Empty on a file system without POSIX permissions, and for directories that do not exist.
     */
    public static List<Exposed> writableByOthers(CacheLayout layout) {
        List<Exposed> exposed = new ArrayList<>();
        for (Path dir : List.of(layout.dir().getParent(), layout.dir(), layout.logsDir())) {
            try {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
                if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                    exposed.add(new Exposed(dir, PosixFilePermissions.toString(mode)));
                }
            } catch (UnsupportedOperationException | IOException e) {
                // no POSIX modes here, or no such directory: nothing to say
            }
        }
        return exposed;
    }
}
