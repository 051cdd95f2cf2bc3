package dev.phasor.cache;

import dev.phasor.internal.FileLook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Gives each attempt of a step an empty output folder ({@code files/<step>/}) without losing what a finished
 * run left there: before a step runs again, its old folder is moved aside to {@code previous/<step>/} (one
 * rename); a retried attempt starts from an empty folder too. Once the step is done, the folder aside is
 * deleted; if the step fails, it stays: {@code files/<step>/} then holds what the failed attempt wrote (to
 * look at), {@code previous/<step>/} the files of the last finished run, until the step is done again.
 *
 * <p>Without this, a re-run's stale files (say, chunk files of a longer input) would feed a downstream
 * {@code forEachFile} and silently change its result.
 */
public final class OutputFolders {

    private final CacheLayout layout;

    public OutputFolders(CacheLayout layout) {
        this.layout = layout;
    }

    /** The folder a step writes its files in. */
    public Path folder(String step) {
        return layout.filesDir(step);
    }

    /** Where the last finished run's folder waits while the step runs again. */
    public Path previous(String step) {
        return layout.previousFilesDir(step);
    }

    /**
     * Empties the step's folder before an attempt. On the first attempt of a run the folder of a finished run
     * is moved aside (unless one is aside already: then the folder holds a failed or interrupted attempt's
     * files, which are deleted); on a retry the failed attempt's files are deleted.
     */
    public void beforeAttempt(String step, boolean firstAttempt) throws IOException {
        Path folder = folder(step);
        if (!FileLook.exists(folder)) {
            return;
        }
        Path aside = previous(step);
        if (!firstAttempt || FileLook.exists(aside)) {
            deleteTree(folder);
            return;
        }
        layout.mode().createDirectories(aside.getParent());
        Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Once the step is done its folder aside is no longer needed (a failed step's is kept). Must succeed before
     * the step counts as done: a folder left aside would make the next run take the done folder for a failed one.
     */
    public void afterDone(String step) throws IOException {
        deleteTree(previous(step));
    }

    /** Deletes {@code dir} and everything under it; nothing if it is absent. */
    static void deleteTree(Path dir) throws IOException {
        if (!FileLook.exists(dir)) {
            return; // the usual case, asked cheaply (the walk below would throw and catch)
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (NoSuchFileException e) {
            // absent: nothing to delete
        }
    }
}
