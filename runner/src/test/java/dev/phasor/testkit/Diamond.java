package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-phase pipeline with known values, for backend tests: {@code width} sources (phase 0) each
 * returning i*i, {@code width} middles (phase 1) each summing two neighbours + 1, and a total (phase 2).
 * Width comes from the system property {@code phasor.test.width} (default 8), so every JVM of a test must
 * be started with the same value.
 */
public final class Diamond implements PipelineDefinition {

    /** The expected total for a given width, computed independently of Phasor. */
    public static long expectedTotal(int width) {
        long total = 0;
        for (int i = 0; i < width; i++) {
            long a = (long) i * i;
            long b = (long) ((i + 1) % width) * ((i + 1) % width);
            total += a + b + 1;
        }
        return total;
    }

    @Override
    public Pipeline define() {
        int width = Integer.getInteger("phasor.test.width", 8);
        PipelineBuilder p = Pipeline.builder("diamond");
        List<Step<Long>> sources = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            sources.add(p.step("source_" + i, Params.of("i", i), ps -> (long) ps.getInt("i") * ps.getInt("i")));
        }
        List<Step<Long>> middles = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            middles.add(p.step("middle_" + i, sources.get(i), sources.get((i + 1) % width), (a, b) -> a + b + 1));
        }
        p.stepAll("total", middles, Diamond::sum);
        return p.build();
    }

    static long sum(List<Long> values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
