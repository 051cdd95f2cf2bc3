package dev.phasor.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where the running step is, for steps that write files: {@code StepContext.current()} inside a step
 * function. Files a step writes under {@link #outputDir()} live in the cache directory, so every worker
 * on the shared storage can read them.
 */
public final class StepContext {

    private static final ThreadLocal<StepContext> CURRENT = new ThreadLocal<>();

    private final String step;
    private final Path pipelineDir;
    private final int attempt;
    private final DirectoryMaker directories;

    private StepContext(String step, Path pipelineDir, int attempt, DirectoryMaker directories) {
        this.step = step;
        this.pipelineDir = pipelineDir;
        this.attempt = attempt;
        this.directories = directories;
    }

    /**
     * Creates a directory and its missing parents as the cache wants them (with its permissions, {@code run
     * --cache-mode}). Internal.
     */
    @FunctionalInterface
    public interface DirectoryMaker {
        Path createDirectories(Path dir) throws IOException;
    }

    /**
     * The context of the step running on this thread.
     *
     * @throws IllegalStateException outside a step
     */
    public static StepContext current() {
        StepContext c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException("StepContext.current() is only available inside a running step");
        }
        return c;
    }

    /**
     * Sets the context for the step about to run on this thread; the returned handle clears it. Internal.
     *
     * @param directories creates the step's output directory
     */
    public static AutoCloseable enter(String step, Path pipelineDir, int attempt, DirectoryMaker directories) {
        CURRENT.set(new StepContext(step, pipelineDir, attempt, directories));
        return CURRENT::remove;
    }

    /** The step's name. */
    public String step() {
        return step;
    }

    /** The pipeline's cache directory. */
    public Path pipelineDir() {
        return pipelineDir;
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return attempt;
    }

    /**
     * {@code <cache>/<pipeline>/files/<step>/}, created on first call: the place for the step's output files. The
     * files and folders the step creates in it get the permissions the worker process's umask gives.
     */
    public Path outputDir() {
        Path dir = pipelineDir.resolve("files").resolve(step);
        try {
            return directories.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir, e);
        }
    }
}
