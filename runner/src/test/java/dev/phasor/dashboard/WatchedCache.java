package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cache.StatusFiles;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.Watched;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A cache holding a finished run of {@link Watched} ({@code broken} failed), and boards replaying that run step by
 * step, as {@code run --dashboard} would have shown it.
 *
 * @param layout the pipeline's files
 * @param start when the run started: steps that ended after it show as done, not cached
 */
record WatchedCache(CacheLayout layout, Instant start) {

    /** Runs {@link Watched} into the cache root {@code root}, quickly. */
    static WatchedCache run(Path root) {
        Instant start = Instant.now();
        System.setProperty("phasor.test.sleepMs", "1");
        try {
            InProcessCli.Outcome o = InProcessCli.phasor("run", Watched.class.getName(), "--cache", root.toString(), "-q");
            assertEquals(1, o.code(), o::toString);
        } finally {
            System.clearProperty("phasor.test.sleepMs");
        }
        return new WatchedCache(new CacheLayout(root, "watched"), start);
    }

    /** A live board of the run where every step is still pending. */
    StepBoard pendingBoard() {
        StepBoard board = new StepBoard(layout);
        board.postSchema(SchemaFile.read(layout.schemaFile()));
        board.postRun(start, true);
        return board;
    }

    /** {@code step} ends on {@code board} as it ended in the run. */
    static void finish(StepBoard board, String step) {
        board.postStatus(StatusFiles.read(board.layout().statusFile(step)));
    }
}
