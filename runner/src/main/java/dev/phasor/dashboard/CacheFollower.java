package dev.phasor.dashboard;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.report.RunManifest;
import dev.phasor.report.RunManifests;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.Map;

/**
 * Follows a pipeline's cache directory into a {@link StepBoard}, read-only: the schema, the status files
 * (re-read only when their modification time changed) and whether a run holds the lock. It never opens the
 * lock file: a run in this same JVM would lose its lock when any descriptor of that file is closed. A
 * held lock is seen as a non-empty lock file (a run truncates it when it releases the lock).
 */
final class CacheFollower implements AutoCloseable {

    /** Shortest pause between two scans; a scan that took long makes the pause longer. */
    static final long MIN_PAUSE_MS = 500;

    /** Threads that read status files; shared by every follower of this JVM. */
    private static final ForkJoinPool READERS = new ForkJoinPool(4);

    private final CacheLayout layout;
    private final StepBoard board;
    private final Map<String, Long> seen = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private long schemaTime = -1;
    private FileTime dirTime;
    private String runMark = "";

    CacheFollower(CacheLayout layout, StepBoard board) {
        this.layout = layout;
        this.board = board;
        this.thread = new Thread(this::follow, "phasor-dashboard-follower-" + layout.pipeline());
        thread.setDaemon(true);
    }

    /**
     * Reads the schema now, so that the page shows every step at once; the status files (a slow read on a
     * shared file system at 100,000 steps) follow on the follower's thread and reach the page as they come.
     */
    void start() {
        try {
            readSchema();
            readRun();
        } catch (IOException | RuntimeException e) {
            // the follower's first scan tries again
        }
        thread.start();
    }

    private void follow() {
        while (!closed) {
            long t0 = System.nanoTime();
            scan();
            long took = (System.nanoTime() - t0) / 1_000_000;
            try {
                Thread.sleep(Math.max(MIN_PAUSE_MS, 3 * took));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look at the directory; what changed since the last is posted to the board. */
    void scan() {
        try {
            readSchema();
            readRun();
            readStatuses();
        } catch (IOException | RuntimeException e) {
            // a file replaced while read, a directory not there yet: the next scan sees it whole
        }
    }

    private void readSchema() throws IOException {
        Path file = layout.schemaFile();
        if (!Files.exists(file)) {
            return;
        }
        long time = Files.getLastModifiedTime(file).toMillis();
        if (time != schemaTime) {
            SchemaDocument doc = SchemaFile.read(file);
            board.postSchema(doc);
            schemaTime = time;
            seen.clear(); // the new schema's steps take their statuses again
            dirTime = null;
        }
    }

    private void readRun() throws IOException {
        Path lock = layout.lockFile();
        boolean held = Files.exists(lock) && Files.size(lock) > 0;
        String mark;
        Instant start;
        if (held) {
            start = Files.getLastModifiedTime(lock).toInstant();
            mark = "live@" + start;
        } else {
            RunManifest latest = RunManifests.latest(layout);
            start = latest == null ? null : Instant.parse(latest.startedAt());
            mark = "ended@" + start;
        }
        if (!mark.equals(runMark)) {
            board.postRun(start, held);
            if (!held) {
                board.postEnded();
            }
            runMark = mark;
        }
    }

    private void readStatuses() throws IOException {
        // a run renames each status file into place, which changes the directory's time: unchanged, nothing to read
        FileTime now = Files.getLastModifiedTime(layout.dir());
        if (now.equals(dirTime)) {
            return;
        }
        List<Path> changed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.dir(), "*" + CacheLayout.STATUS_SUFFIX)) {
            for (Path f : files) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(f, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue;
                }
                String name = f.getFileName().toString();
                long time = a.lastModifiedTime().to(TimeUnit.MICROSECONDS) * 31 + a.size(); // rewritten: time or size moved
                Long before = seen.put(name, time);
                if (before == null || before != time) {
                    changed.add(f);
                }
            }
        } catch (NoSuchFileException e) {
            return; // no run wrote anything yet
        }
        dirTime = now; // read before the listing: a file renamed in meanwhile makes the next scan list again
        // reads overlap: on a network or overlay file system each one mostly waits
        READERS.submit(() -> changed.parallelStream().forEach(f -> {
            StepStatus s = StatusFiles.read(f);
            if (s != null) {
                board.postStatus(s);
            }
        })).join();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
