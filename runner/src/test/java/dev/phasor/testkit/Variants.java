package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;

/**
 * Four definitions of one pipeline, {@code variants}, for schema-conflict tests: {@link Base} (steps
 * {@code one}, {@code two}, {@code sum}), {@link Added} (plus {@code extra}), {@link Removed} (without
 * {@code sum}) and {@link Changed} ({@code two} with another parameter).
 */
public final class Variants {

    private Variants() {
    }

    static int value(Params p) {
        return p.getInt("v");
    }

    static PipelineBuilder common(int two) {
        PipelineBuilder p = Pipeline.builder("variants");
        p.step("one", Params.of("v", 1), Variants::value);
        p.step("two", Params.of("v", two), Variants::value);
        return p;
    }

    static void sum(PipelineBuilder p) {
        Step<Integer> one = p.step("sum_of_nothing", () -> 0);
        p.step("sum", one, x -> x + 3);
    }

    /** one, two, sum_of_nothing, sum. */
    public static final class Base implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = common(2);
            sum(p);
            return p.build();
        }
    }

    /** Base plus a step {@code extra}. */
    public static final class Added implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = common(2);
            sum(p);
            p.step("extra", () -> 42);
            return p.build();
        }
    }

    /** Base without {@code sum}. */
    public static final class Removed implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = common(2);
            p.step("sum_of_nothing", () -> 0);
            return p.build();
        }
    }

    /** Base with {@code two}'s parameter changed from 2 to 22. */
    public static final class Changed implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = common(22);
            sum(p);
            return p.build();
        }
    }
}
