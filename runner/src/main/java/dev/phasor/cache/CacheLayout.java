package dev.phasor.cache;

import dev.phasor.api.CacheAccessException;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a pipeline's files live: {@code <root>/<pipeline>/}.
 *
 * <pre>
 * pipeline.schema    JSON, the definition the results belong to (written once, before anything runs)
 * pipeline.summary   table of every step's status, rewritten at the end of each run
 * &lt;step&gt;.step        the Kryo-serialized result (see ResultFile)
 * &lt;step&gt;.status      JSON: status, times, worker, error
 * logs/&lt;step&gt;.log    what the step printed, only if it printed something
 * files/&lt;step&gt;/      files the step wrote to its output directory (emptied before each attempt)
 * previous/&lt;step&gt;/   files/&lt;step&gt;/ of the step's last finished run while it runs again
 *                    (removed once it is done, kept if it fails: see OutputFolders)
 * removed/           files of steps that run --update removed from the definition (same layout)
 * .lock              held by the running coordinator
 * </pre>
 *
 * @param root the cache root given by the user
 * @param pipeline the pipeline's name
 * @param mode the permissions of the files and directories a run creates here ({@code run --cache-mode})
 */
public record CacheLayout(Path root, String pipeline, CacheMode mode) {

    public CacheLayout {
        java.util.Objects.requireNonNull(mode, "mode");
    }

    /** The layout of a cache read, or written with the permissions the umask gives ({@link CacheMode#UMASK}). */
    public CacheLayout(Path root, String pipeline) {
        this(root, pipeline, CacheMode.UMASK);
    }

    /** What a result file's name adds to its step's name. */
    public static final String RESULT_SUFFIX = ".step";
    /** What a status file's name adds to its step's name. */
    public static final String STATUS_SUFFIX = ".status";
    /** What a log file's name (in {@link #logsDir()}) adds to its step's name. */
    public static final String LOG_SUFFIX = ".log";

    /** The pipeline's directory. */
    public Path dir() {
        return root.resolve(pipeline);
    }

    public Path schemaFile() {
        return dir().resolve("pipeline.schema");
    }

    public Path summaryFile() {
        return dir().resolve("pipeline.summary");
    }

    public Path lockFile() {
        return dir().resolve(".lock");
    }

    public Path logsDir() {
        return dir().resolve("logs");
    }

    public Path resultFile(String step) {
        return dir().resolve(step + RESULT_SUFFIX);
    }

    /**
     * Names of the steps that have a result file now, from one listing of the directory: cheaper than a
     * lookup per step, which on a busy directory waits on its lock behind every file being created.
     */
    public java.util.Set<String> stepsWithResultFiles() {
        return stepsWithFiles(dir(), RESULT_SUFFIX);
    }

    /** Names of the steps that have a log file now, from one listing of {@link #logsDir()}. */
    public java.util.Set<String> stepsWithLogFiles() {
        return stepsWithFiles(logsDir(), LOG_SUFFIX);
    }

    /** Names of the steps with an output folder, or one set aside, now: one listing of each parent. */
    public java.util.Set<String> stepsWithOutputFolders() {
        java.util.Set<String> steps = stepsWithFiles(dir().resolve("files"), "");
        steps.addAll(stepsWithFiles(dir().resolve("previous"), ""));
        return steps;
    }

    private static java.util.Set<String> stepsWithFiles(Path dir, String suffix) {
        java.util.Set<String> steps = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(suffix)) {
                    steps.add(name.substring(0, name.length() - suffix.length()));
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return steps;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return steps;
    }

    public Path statusFile(String step) {
        return dir().resolve(step + STATUS_SUFFIX);
    }

    /** The folder a step writes its files in ({@code StepContext.outputDir()}). */
    public Path filesDir(String step) {
        return dir().resolve("files").resolve(step);
    }

    /** Where the last finished run's {@link #filesDir} waits while the step runs again. */
    public Path previousFilesDir(String step) {
        return dir().resolve("previous").resolve(step);
    }

    /** Where {@code run --update} keeps the files of steps the new definition no longer has. */
    public Path removedDir() {
        return dir().resolve("removed");
    }

    public Path logFile(String step) {
        return logsDir().resolve(step + LOG_SUFFIX);
    }

    /**
     * Creates the pipeline's directories (those missing, with {@link #mode}), or explains why they cannot be used.
     *
     * @throws CacheAccessException if the root or the pipeline directory is a file, unreadable or read-only
     */
    public void create() {
        for (Path p : new Path[] {root, dir(), logsDir()}) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new CacheAccessException("cache path " + p + " is a file, not a directory");
            }
        }
        try {
            mode.createDirectories(logsDir());
        } catch (AccessDeniedException e) {
            throw new CacheAccessException("cannot create cache directory " + e.getFile() + ": permission denied", e);
        } catch (NoSuchFileException e) { // ENOENT with no reason (e.g. under /proc, or a parent removed meanwhile)
            throw new CacheAccessException("cannot create cache directory " + e.getFile()
                    + ": no such file or directory", e);
        } catch (FileSystemException e) {
            throw new CacheAccessException("cannot create cache directory " + e.getFile() + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
        } catch (IOException e) {
            throw new CacheAccessException("cannot create cache directory " + dir() + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir()) || !Files.isReadable(dir())) {
            throw new CacheAccessException("cache directory " + dir() + (onReadOnlyFileSystem(dir())
                    ? " is on a read-only file system: a run must write its results; read them with status, result"
                    + " or explain, or copy the cache elsewhere" : " is not readable and writable by this user"));
        }
    }

    /** True if writing in {@code p} fails with EROFS (a bind mount's FileStore may not say it is read-only). */
    private static boolean onReadOnlyFileSystem(Path p) {
        Path probe = p.resolve(".phasor-write-probe." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.deleteIfExists(Files.createFile(probe));
            return false;
        } catch (FileSystemException e) {
            return String.valueOf(e.getReason()).toLowerCase(java.util.Locale.ROOT).contains("read-only");
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes temporary files a crashed writer left behind (never a finished file). Returns how many. */
    public int removeTemporaryFiles() {
        int removed = 0;
        for (Path d : new Path[] {dir(), logsDir()}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d, ".*.tmp")) {
                for (Path f : files) {
                    if (ResultFile.isTemporary(f) && Files.deleteIfExists(f)) {
                        removed++;
                    }
                }
            } catch (IOException e) {
                throw new CacheAccessException("cannot list cache directory " + d + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }
}
