package dev.phasor.cache;

import dev.phasor.api.CacheAccessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Keeps the files of steps that a changed definition no longer has ({@code run --update}): they are
 * moved, not deleted, to {@code removed/} in the same layout ({@code removed/<step>.step},
 * {@code removed/<step>.status}, {@code removed/logs/<step>.log}, {@code removed/files/<step>/}), replacing
 * what an earlier update kept there under the same name. Nothing reads them again; delete the folder
 * when you do not need them. A step added back later starts afresh (its result is not taken back).
 */
public final class RemovedSteps {

    private RemovedSteps() {
    }

    /** Moves the files of {@code steps} aside. */
    public static void moveAside(CacheLayout layout, List<String> steps) {
        CacheLayout kept = new CacheLayout(layout.dir(), "removed", layout.mode());
        for (String step : steps) {
            move(layout.resultFile(step), kept.resultFile(step), kept.mode());
            move(layout.statusFile(step), kept.statusFile(step), kept.mode());
            move(layout.logFile(step), kept.logFile(step), kept.mode());
            move(layout.filesDir(step), kept.filesDir(step), kept.mode());
            move(layout.previousFilesDir(step), kept.previousFilesDir(step), kept.mode());
        }
    }

    private static void move(Path from, Path to, CacheMode mode) {
        if (!Files.exists(from)) {
            return;
        }
        try {
            mode.createDirectories(to.getParent());
            if (Files.isDirectory(to)) {
                OutputFolders.deleteTree(to);
            }
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CacheAccessException("cannot move " + from + " of a removed step to " + to + ": " + e, e);
        }
    }
}
