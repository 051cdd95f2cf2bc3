package dev.phasor.bench.jmh;

import dev.phasor.api.ExecutionPlan;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.api.StepDefinition;
import dev.phasor.plan.Layers;
import dev.phasor.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Declaring and planning pipelines of 10^4, 10^5 and 10^6 steps: {@code build} is what a user's
 * {@code define()} costs (builder, validation, planning); {@code plan} is {@link Planner} alone on
 * definitions built beforehand. Single-shot: each invocation is one whole pipeline. The fork has a
 * 1 GiB heap, so a run that completes planned 10^6 steps within the memory target; {@code -prof gc}
 * adds the bytes allocated per pipeline, and {@link PlannerHeap} measures what a plan keeps.
 *
 * <p>Shape: rows of {@value #WIDTH} steps; each step after the first row depends on two steps of the row
 * before, so 10^6 steps make 1,000 phases.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
public class PlannerBench {

    static final int WIDTH = 1000;

    /** The pipeline size. */
    @State(Scope.Benchmark)
    public static class Size {
        @Param({"10000", "100000", "1000000"})
        public int steps;
    }

    /** Step definitions made once, for planning alone. */
    @State(Scope.Benchmark)
    public static class Definitions {
        List<StepDefinition> steps;

        @Setup(Level.Trial)
        public void setUp(Size size) {
            steps = build(size.steps).steps();
        }
    }

    @Benchmark
    public Pipeline build(Size size) {
        Pipeline p = build(size.steps);
        check(p.plan(), size.steps);
        return p;
    }

    @Benchmark
    public Layers<StepDefinition> plan(Definitions d, Size size) {
        Layers<StepDefinition> layers = Planner.layer(d.steps, StepDefinition::name, StepDefinition::upstream);
        check(layers.phaseOf().size(), layers.phases().size(), size.steps);
        return layers;
    }

    /** A pipeline of {@code n} steps in rows of {@value #WIDTH}. */
    static Pipeline build(int n) {
        PipelineBuilder p = Pipeline.builder("planner");
        List<Step<Long>> prev = new ArrayList<>(WIDTH);
        List<Step<Long>> row = new ArrayList<>(WIDTH);
        for (int i = 0; i < n; i++) {
            int col = i % WIDTH;
            if (i < WIDTH) {
                row.add(p.step("s" + i, Params.of("i", i), ps -> (long) ps.getInt("i")));
            } else {
                row.add(p.step("s" + i, prev.get(col), prev.get((col + 1) % WIDTH), (a, b) -> a + b));
            }
            if (col == WIDTH - 1) {
                prev = row;
                row = new ArrayList<>(WIDTH);
            }
        }
        return p.build();
    }

    /** Phases of the shape: one per full row, plus a partial one. */
    static int expectedPhases(int n) {
        return (n + WIDTH - 1) / WIDTH;
    }

    private static void check(ExecutionPlan plan, int n) {
        check(plan.stepCount(), plan.phases().size(), n);
    }

    private static void check(int steps, int phases, int n) {
        if (steps != n || phases != expectedPhases(n)) {
            throw new IllegalStateException("plan of " + n + " steps has " + steps + " steps in " + phases
                    + " phases, expected " + expectedPhases(n) + " phases");
        }
    }
}
