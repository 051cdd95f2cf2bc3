package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.FileSet;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import dev.phasor.cache.StepStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, point 3: a step's output folder starts empty on every attempt (re-run, retry, {@code --update}),
 * so files of an earlier run never feed a downstream file fan-out; a failed re-run keeps the last finished
 * run's files readable in {@code previous/<step>/}.
 */
class OutputFolderTest {

    @TempDir
    Path cache;

    /** How many part files {@code produce} writes, read when it runs (not part of its key). */
    private static volatile int parts;
    /** Attempts of {@code produce} that fail after writing a file, counted down. */
    private static volatile int failingAttempts;

    static int produce(Params p) throws IOException {
        Path dir = StepContext.current().outputDir();
        int attempt = StepContext.current().attempt();
        if (failingAttempts > 0) {
            failingAttempts--;
            Files.writeString(dir.resolve("partial-of-attempt-" + attempt + ".part"), "half");
            throw new IllegalStateException("attempt " + attempt + " fails after writing a file");
        }
        for (int i = 0; i < parts; i++) {
            Files.writeString(dir.resolve("p" + i + ".part"), "x".repeat(p.getInt("size")));
        }
        return parts;
    }

    private static Pipeline fanOut(int size, boolean withExtraStep) {
        PipelineBuilder p = Pipeline.builder("folders");
        Step<Integer> produce = p.step("produce", Params.of("size", size), OutputFolderTest::produce).retries(2);
        p.forEachFile(produce, FileSet.glob("*.part"), (file, into) -> {
            String name = file.name();
            into.step("count-" + name.substring(0, name.length() - ".part".length()), () -> 1);
        });
        p.stepAllMatching("total", "count-*", (List<Integer> ones) -> ones.size());
        if (withExtraStep) {
            p.step("extra", () -> 7);
        }
        return p.build();
    }

    private RunReport run(Pipeline pipeline, RunOptions options) {
        return Phasor.runner().cache(cache).threads(2).options(options).run(pipeline);
    }

    private Path folder(String step) {
        return cache.resolve("folders").resolve("files").resolve(step);
    }

    private Path previous(String step) {
        return cache.resolve("folders").resolve("previous").resolve(step);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRerunStepStartsFromAnEmptyFolderSoOldFilesDoNotFeedTheFanOut() throws Exception {
        parts = 5;
        failingAttempts = 0;
        assertEquals(5, run(fanOut(1, false), RunOptions.defaults()).result("total"));

        parts = 2;
        RunReport again = run(fanOut(1, false), RunOptions.defaults().withRerun(List.of("produce")));

        assertEquals(0, again.exitCode(), again::summary);
        assertEquals(2, again.result("total"), "only the files of this run are fanned out over");
        assertEquals(List.of("p0.part", "p1.part"), names(folder("produce")));
        assertFalse(Files.exists(previous("produce")), "the old folder is removed once the step is done");
    }

    @Test
    void aRetryStartsFromAnEmptyFolder() throws Exception {
        parts = 3;
        failingAttempts = 2;
        RunReport r = run(fanOut(1, false), RunOptions.defaults());

        assertEquals(0, r.exitCode(), r::summary);
        assertEquals(3, r.status("produce").attempt());
        assertEquals(List.of("p0.part", "p1.part", "p2.part"), names(folder("produce")),
                "the failed attempts' files are gone");
        assertEquals(3, r.result("total"));
    }

    @Test
    void aFailedRerunKeepsTheLastFinishedFilesAsideUntilTheStepIsDoneAgain() throws Exception {
        parts = 2;
        failingAttempts = 0;
        run(fanOut(1, false), RunOptions.defaults());

        failingAttempts = 3; // every attempt of the re-run fails
        RunReport failed = run(fanOut(1, false), RunOptions.defaults().withRerun(List.of("produce")));
        assertEquals(StepStatus.FAILED, failed.status("produce").status());
        assertEquals(List.of("p0.part", "p1.part"), names(previous("produce")), "the finished files stay readable");
        assertEquals(List.of("partial-of-attempt-3.part"), names(folder("produce")), "the last attempt's files");

        parts = 4;
        RunReport resumed = run(fanOut(1, false), RunOptions.defaults().withRerun(List.of("produce")));
        assertEquals(0, resumed.exitCode(), resumed::summary);
        assertEquals(4, resumed.result("total"));
        assertEquals(List.of("p0.part", "p1.part", "p2.part", "p3.part"), names(folder("produce")));
        assertFalse(Files.exists(previous("produce")));
    }

    @Test
    void aStepThatFailedSilentlyWithoutRetriesStillStartsItsNextRunFromAnEmptyFolder() throws Exception {
        PipelineBuilder p = Pipeline.builder("folders");
        p.step("produce", Params.of("size", 1), OutputFolderTest::produce); // no retries: no log, no result
        Pipeline once = p.build();
        parts = 1;
        failingAttempts = 1;
        assertEquals(StepStatus.FAILED, run(once, RunOptions.defaults()).status("produce").status());

        RunReport again = run(once, RunOptions.defaults());

        assertEquals(0, again.exitCode(), again::summary);
        assertEquals(List.of("p0.part"), names(folder("produce")), "the failed attempt's file is gone");
    }

    @Test
    void anUpdatedStepStartsFromAnEmptyFolder() throws Exception {
        parts = 4;
        failingAttempts = 0;
        run(fanOut(1, false), RunOptions.defaults());

        parts = 1;
        RunReport updated = run(fanOut(2, true), RunOptions.defaults().withUpdate(true));

        assertEquals(0, updated.exitCode(), updated::summary);
        assertEquals("ran", updated.status("produce").run(), "its parameter changed");
        assertEquals(1, updated.result("total"));
        assertEquals(List.of("p0.part"), names(folder("produce")));
        assertEquals("xx", Files.readString(folder("produce").resolve("p0.part")));
    }
}
