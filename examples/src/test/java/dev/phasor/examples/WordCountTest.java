package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.ShellResult;
import dev.phasor.api.StepKind;
import dev.phasor.exec.RunReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell pipeline: split into chunk files, `wc -w` per chunk in a shell step, a Java step sums. */
class WordCountTest {

    @TempDir
    Path cache;

    @AfterEach
    void clearProperties() {
        System.clearProperty("wordcount.input");
        System.clearProperty("wordcount.chunks");
    }

    /** Words as {@code wc -w} counts them: runs of non-white-space characters. */
    private static long countWords(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).count();
    }

    private static String sample() throws IOException {
        try (InputStream in = WordCount.class.getResourceAsStream("sample.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void totalEqualsAnIndependentCountOfTheSampleThenResumes() throws Exception {
        long expected = countWords(sample());
        assertTrue(expected > 100, "the sample has text");
        RunReport first = Phasor.runner().cache(cache).threads(2).run(WordCount.class);
        assertEquals(0, first.exitCode(), first::summary);
        assertEquals(expected, (long) first.result("total"));
        assertEquals(6, first.executed());
        long sumOfChunks = 0;
        for (int c = 0; c < 4; c++) {
            ShellResult r = (ShellResult) first.result("count_" + c);
            sumOfChunks += Long.parseLong(r.text());
        }
        assertEquals(expected, sumOfChunks);
        @SuppressWarnings("unchecked")
        List<String> chunks = (List<String>) first.result("split");
        assertEquals(4, chunks.size());
        for (String chunk : chunks) {
            assertTrue(Path.of(chunk).startsWith(first.layout().dir()), "chunk files live in the cache: " + chunk);
        }

        RunReport second = Phasor.runner().cache(cache).run(WordCount.class);
        assertEquals(0, second.executed());
        assertEquals(expected, (long) second.result("total"));
    }

    @Test
    void countsAnotherFileInAnotherNumberOfChunks(@TempDir Path work) throws Exception {
        String text = "one two  three\nfour\n\n five six seven eight\n\tnine ten\neleven";
        Path input = Files.writeString(work.resolve("input.txt"), text);
        System.setProperty("wordcount.input", input.toString());
        System.setProperty("wordcount.chunks", "3");
        RunReport report = Phasor.runner().cache(cache).run(WordCount.class);
        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(11L, report.result("total"));
        assertEquals(3, report.statuses().stream().filter(s -> s.step().startsWith("count_")).count());
    }

    @Test
    void countStepsAreShellStepsWithTheirChunkInTheEnvironment() {
        var pipeline = new WordCount().define();
        assertEquals(StepKind.SHELL, pipeline.step("count_0").kind());
        assertEquals("1", pipeline.step("count_0").env().get("CHUNK"));
        assertEquals("4", pipeline.step("count_3").env().get("CHUNK"));
        assertEquals(List.of("split"), pipeline.step("count_2").inputs());
        assertEquals(3, pipeline.plan().phases().size());
        assertEquals(1, pipeline.plan().phaseOf().get("count_3"));
        assertEquals(2, pipeline.plan().phaseOf().get("total"));
    }
}
