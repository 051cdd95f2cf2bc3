package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DryPipe's chunk -> per-chunk -> aggregate pipeline, with the number of chunks known only at run time. */
class ChunkFanOutTest {

    @TempDir
    Path cache;

    @TempDir
    Path data;

    @AfterEach
    void clearProperties() {
        System.clearProperty("chunks.input");
        System.clearProperty("chunks.lines");
    }

    private Path input(int lines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("w".repeat(1 + i % 3)).append(" x".repeat(i)).append('\n'); // line i has i + 1 words
        }
        Path file = data.resolve("input-" + lines + ".txt");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void oneStepPerChunkFileAndTheAggregateSumsThemAll() throws Exception {
        System.setProperty("chunks.input", input(12).toString());
        System.setProperty("chunks.lines", "5");

        RunReport report = Phasor.runner().cache(cache).threads(2).run(ChunkFanOut.class);

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(3, (int) report.result("prepare-chunks"));
        List<String> perChunk = report.statuses().stream().map(StepStatus::step).filter(s -> s.startsWith("task-for-chunk."))
                .toList();
        assertEquals(List.of("task-for-chunk.0", "task-for-chunk.1", "task-for-chunk.2"), perChunk,
                "the index file is excluded");
        assertEquals(12L * 13 / 2, (long) report.result("analyze-all"));
        assertEquals(1 + 2 + 3 + 4 + 5, Long.parseLong(report.result("task-for-chunk.0").toString()));
        assertEquals(0, report.status("prepare-chunks").phase());
        assertEquals(1, report.status("task-for-chunk.2").phase());
        assertEquals(2, report.status("analyze-all").phase());
    }

    @Test
    void aRerunOnAShorterInputFansOutOverTheNewChunksOnly() throws Exception {
        Path input = data.resolve("input.txt");
        Files.move(input(20), input);
        System.setProperty("chunks.input", input.toString());
        assertEquals(20L * 21 / 2, (long) Phasor.runner().cache(cache).run(ChunkFanOut.class).result("analyze-all"));

        Files.move(input(6), input, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // same path: same key
        RunReport rerun = Phasor.runner().cache(cache)
                .options(RunOptions.defaults().withRerun(List.of("prepare-chunks"))).run(ChunkFanOut.class);

        assertEquals(0, rerun.exitCode(), rerun::summary);
        assertEquals(2, (int) rerun.result("prepare-chunks"));
        assertEquals(6L * 7 / 2, (long) rerun.result("analyze-all"), "the chunks of the longer input are gone");
    }

    @Test
    void theBundledSampleRunsAndAResumeReusesEveryStep() throws Exception {
        RunReport first = Phasor.runner().cache(cache).run(ChunkFanOut.class);
        RunReport again = Phasor.runner().cache(cache).run(ChunkFanOut.class);

        assertEquals(0, first.exitCode(), first::summary);
        assertTrue(first.statuses().size() > 3, first::summary);
        assertEquals(first.result("analyze-all"), again.result("analyze-all"));
        assertTrue(again.statuses().stream().allMatch(s -> "cached".equals(s.run())), again::summary);
        long expected = String.join("\n", WordCount.readInput(WordCount.SAMPLE)).split("\\s+").length;
        assertEquals(expected, (long) CacheReader.open(cache, "chunk-fan-out").result("analyze-all"));
    }
}
