package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.FileSet;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * DryPipe's "DAG driven by task execution": {@code prepare-chunks} cuts the input into
 * {@code work-chunk.<i>.txt} files (how many depends on the input, so the DAG is only known at run time);
 * one {@code task-for-chunk.<i>} shell step per file counts its words (a fan-out over the file set
 * {@code work-chunk.*.txt}, excluding the {@code work-chunk.index.txt} listing); {@code analyze-all} sums the
 * results of every step matching {@code task-for-chunk.*} (a fan-in by pattern).
 *
 * <p>Input: the system property {@code chunks.input} (a path) or the bundled sample text; parameter
 * {@code lines_per_chunk} from {@code chunks.lines} (default 5).
 *
 * <pre>bin/phasor run dev.phasor.examples.ChunkFanOut --cache /tmp/phasor-demo</pre>
 */
public final class ChunkFanOut implements PipelineDefinition {

    /** Writes the chunk files (and an index that the fan-out excludes); returns how many chunks there are. */
    static int prepareChunks(Params p) throws IOException {
        List<String> lines = WordCount.readInput(p.getString("input"));
        int per = p.getInt("lines_per_chunk");
        Path dir = StepContext.current().outputDir();
        StringBuilder index = new StringBuilder();
        int chunks = 0;
        for (int start = 0; start < lines.size(); start += per, chunks++) {
            String name = "work-chunk." + chunks + ".txt";
            Files.write(dir.resolve(name), lines.subList(start, Math.min(lines.size(), start + per)));
            index.append(name).append('\n');
        }
        Files.writeString(dir.resolve("work-chunk.index.txt"), index);
        return chunks;
    }

    static long analyzeAll(List<ShellResult> counts) {
        return counts.stream().mapToLong(r -> Long.parseLong(r.text())).sum();
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("chunk-fan-out");
        Step<Integer> prepare = p.step("prepare-chunks", Params.of("input",
                System.getProperty("chunks.input", WordCount.SAMPLE), "lines_per_chunk",
                Integer.getInteger("chunks.lines", 5)), ChunkFanOut::prepareChunks);
        p.forEachFile(prepare, FileSet.glob("work-chunk.*.txt").exclude("work-chunk.index.txt"), (file, into) -> {
            String chunk = file.name().split("\\.")[1]; // work-chunk.3.txt -> 3
            // a path relative to the pipeline directory ($PHASOR_CACHE_DIR) keeps the step key independent of
            // where the cache lives
            into.shell("task-for-chunk." + chunk, "wc -w < \"$PHASOR_CACHE_DIR/$CHUNK_FILE\"")
                    .env("CHUNK_FILE", file.cachePath());
        });
        p.stepAllMatching("analyze-all", "task-for-chunk.*", ChunkFanOut::analyzeAll);
        return p.build();
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(ChunkFanOut.class, args));
    }
}
