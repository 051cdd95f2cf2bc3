package dev.phasor.bench;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code skewed}: phases of W steps that sleep; one step per phase (a different one each phase) sleeps much
 * longer. Step i of phase p reads step i of phase p-1 and returns p+1. With phase barriers a run takes about
 * one slow sleep per phase; a scheduler without barriers overlaps them.
 */
public final class SkewedBench implements BenchPipeline {

    private final int phases;
    private final int width;
    private final int millis;
    private final int slowMillis;

    public SkewedBench() {
        this(BenchSpec.fromSystemProperties());
    }

    public SkewedBench(BenchSpec spec) {
        this.phases = spec.skewedPhases();
        this.width = spec.skewedWidth();
        this.millis = spec.skewedMillis();
        this.slowMillis = spec.skewedSlowMillis();
    }

    static int first(Params p) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(p.getInt("ms"));
        return 1;
    }

    static int next(Params p, int previous) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(p.getInt("ms"));
        return previous + 1;
    }

    static String name(int phase, int i) {
        return "s" + phase + "_" + i;
    }

    private int sleep(int phase, int i) {
        return i == phase % width ? slowMillis : millis;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("bench-skewed-" + phases + "x" + width);
        List<Step<Integer>> prev = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            prev.add(p.step(name(0, i), Params.of("ms", sleep(0, i)), SkewedBench::first));
        }
        for (int ph = 1; ph < phases; ph++) {
            List<Step<Integer>> next = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                next.add(p.step(name(ph, i), Params.of("ms", sleep(ph, i)), prev.get(i), SkewedBench::next));
            }
            prev = next;
        }
        return p.build();
    }

    @Override
    public String id() {
        return "skewed";
    }

    @Override
    public int widestPhase() {
        return width;
    }

    @Override
    public int steps() {
        return phases * width;
    }

    @Override
    public double nominalMicrosPerStep() {
        return 1000.0 * ((width - 1) * (double) millis + slowMillis) / width;
    }

    @Override
    public void check(Results results) {
        for (int ph = 0; ph < phases; ph++) {
            for (int i = 0; i < width; i++) {
                BenchPipeline.expect(id(), name(ph, i), results.result(name(ph, i)), ph + 1);
            }
        }
    }
}
