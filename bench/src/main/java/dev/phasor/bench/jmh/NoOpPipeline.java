package dev.phasor.bench.jmh;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;

/**
 * One phase of {@value #STEPS} independent no-op steps, {@code n<i>} returning i: what the dispatch
 * benchmarks send around. A definition class, so Hazelcast workers and MPJ ranks rebuild the same pipeline.
 */
public final class NoOpPipeline implements PipelineDefinition {

    public static final int STEPS = 100;

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("jmh-noop");
        for (int i = 0; i < STEPS; i++) {
            p.step(name(i), Params.of("i", i), ps -> ps.getInt("i"));
        }
        return p.build();
    }

    /** The name of step {@code i}. */
    public static String name(int i) {
        return "n" + i;
    }
}
