package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;

/**
 * For full-disk tests: small results {@code a} (42), {@code b} (300 kB), {@code tail} and {@code after_big}
 * ("t!"), and {@code big}, a 3 MiB result, more than the 2 MiB test disk holds. Run with
 * {@code --until big} first so that the others are cached.
 */
public final class DiskFilling implements PipelineDefinition {

    /** The size of {@code big}'s result. */
    public static final int BIG = 3 << 20;

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("disk");
        Step<Integer> a = p.step("a", Params.of("x", 6), ps -> ps.getInt("x") * 7);
        p.step("b", Params.of("n", 300_000), ps -> new byte[ps.getInt("n")]);
        p.step("big", Params.of("n", BIG), a, (ps, va) -> new byte[ps.getInt("n")]);
        p.step("after_big", p.step("tail", () -> "t"), t -> t + "!");
        return p.build();
    }
}
