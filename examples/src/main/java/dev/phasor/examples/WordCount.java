package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A shell pipeline: a Java step splits a text file into chunk files, one shell step per chunk counts its
 * words with {@code wc -w}, and a Java step sums the counts.
 *
 * <p>The input is the system property {@code wordcount.input} (a path), or a bundled sample text;
 * {@code wordcount.chunks} sets the number of chunks (default 4). Every JVM of a run must see the same
 * values, since they are the split step's parameters.
 *
 * <pre>bin/phasor run dev.phasor.examples.WordCount --cache /tmp/phasor-demo</pre>
 */
public final class WordCount implements PipelineDefinition {

    static final String SAMPLE = "builtin:sample";

    /** Splits the input's lines into {@code chunks} files under the step's output directory; returns their paths. */
    static List<String> split(Params p) throws IOException {
        List<String> lines = readInput(p.getString("input"));
        int chunks = p.getInt("chunks");
        Path dir = StepContext.current().outputDir();
        List<String> paths = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            StringBuilder text = new StringBuilder();
            for (int i = c; i < lines.size(); i += chunks) {
                text.append(lines.get(i)).append('\n');
            }
            Path file = dir.resolve("chunk-" + c + ".txt");
            Files.writeString(file, text);
            paths.add(file.toString());
        }
        return paths;
    }

    static List<String> readInput(String input) throws IOException {
        if (!input.equals(SAMPLE)) {
            return Files.readAllLines(Path.of(input));
        }
        try (InputStream in = WordCount.class.getResourceAsStream("sample.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    static long total(List<ShellResult> counts) {
        long sum = 0;
        for (ShellResult r : counts) {
            sum += Long.parseLong(r.text());
        }
        return sum;
    }

    @Override
    public Pipeline define() {
        int chunks = Integer.getInteger("wordcount.chunks", 4);
        PipelineBuilder p = Pipeline.builder("wordcount");
        Step<List<String>> split = p.step("split",
                Params.of("input", System.getProperty("wordcount.input", SAMPLE), "chunks", chunks), WordCount::split);
        List<Step<ShellResult>> counts = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            // PHASOR_INPUT_SPLIT holds the chunk paths, one per line; CHUNK picks this step's line.
            counts.add(p.shell("count_" + c, "wc -w < \"$(sed -n \"${CHUNK}p\" <<< \"$PHASOR_INPUT_SPLIT\")\"", split)
                    .env("CHUNK", Integer.toString(c + 1)));
        }
        p.stepAll("total", counts, WordCount::total);
        return p.build();
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(WordCount.class, args));
    }
}
