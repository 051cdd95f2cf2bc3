package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;

/**
 * Conducto's "compute_pi" example: a {@code co.Serial} of two {@code co.Exec(leibniz, n=n)} nodes,
 * {@code Leibniz1} then {@code Leibniz2}. In Phasor a serial pair is an order-only dependency
 * ({@link Step#after}): {@code Leibniz2} starts once {@code Leibniz1} is done, without taking its result.
 * Both compute π = 4 − 4/3 + 4/5 − 4/7 + … with {@value #TERMS} terms, the same way, so they agree to the
 * last bit.
 *
 * <pre>
 * bin/mpjrun.sh -np 2 dev.phasor.examples.LeibnizPi --cache /tmp/phasor-demo
 * bin/phasor run dev.phasor.examples.LeibnizPi --cache /tmp/phasor-demo
 * </pre>
 */
public final class LeibnizPi implements PipelineDefinition {

    static final int TERMS = 10_000_000;

    /** Leibniz's series for π with {@code n} terms (Conducto's {@code leibniz(n)}). */
    static double leibniz(Params p) {
        int n = p.getInt("n");
        double pi = 0;
        double sign = 1;
        for (int i = 0; i < n; i++) {
            pi += sign * 4 / (2.0 * i + 1);
            sign = -sign;
        }
        return pi;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("compute-pi");
        Step<Double> first = p.step("Leibniz1", Params.of("n", TERMS), LeibnizPi::leibniz);
        p.step("Leibniz2", Params.of("n", TERMS), LeibnizPi::leibniz).after(first);
        return p.build();
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(LeibnizPi.class, args));
    }
}
