package dev.phasor.testkit;

import dev.phasor.api.FileSet;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.StepContext;
import dev.phasor.api.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A dynamic pipeline: {@code generate} returns 1..n ({@code phasor.test.n}, default 6) and expands into
 * {@code square.<x>} steps; {@code write_files} writes {@code part.0..3.txt} (and {@code skip.tmp}) and fans
 * out into one {@code cat.<i>} shell step per part; {@code total} sums every {@code square.*}:
 * n(n+1)(2n+1)/6.
 */
public final class Dynamic implements PipelineDefinition {

    static List<Integer> numbers(Params p) {
        List<Integer> xs = new ArrayList<>();
        for (int i = 1; i <= p.getInt("n"); i++) {
            xs.add(i);
        }
        return xs;
    }

    static int square(Params p) {
        return p.getInt("x") * p.getInt("x");
    }

    static int writeFiles() throws IOException {
        for (int i = 0; i < 4; i++) {
            Files.writeString(StepContext.current().outputDir().resolve("part." + i + ".txt"), "part " + i);
        }
        Files.writeString(StepContext.current().outputDir().resolve("skip.tmp"), "not a part");
        return 4;
    }

    static int sum(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).sum();
    }

    /** 1² + ... + n². */
    public static int expectedTotal(int n) {
        return n * (n + 1) * (2 * n + 1) / 6;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("dynamic");
        Step<List<Integer>> generate = p.step("generate", Params.of("n", Integer.getInteger("phasor.test.n", 6)),
                Dynamic::numbers);
        p.expand(generate, (List<Integer> xs, dev.phasor.api.Expansion into) -> {
            for (int x : xs) {
                into.step("square." + x, Params.of("x", x), Dynamic::square);
            }
        });
        Step<Integer> files = p.step("write_files", Dynamic::writeFiles);
        p.forEachFile(files, FileSet.glob("part.*.txt"), (file, into) ->
                // the path relative to the pipeline directory keeps the key independent of where the cache is
                into.shell("cat." + file.name().split("\\.")[1], "cat \"$PHASOR_CACHE_DIR/$PART\"")
                        .env("PART", file.cachePath()));
        p.stepAllMatching("total", "square.*", Dynamic::sum);
        return p.build();
    }
}
