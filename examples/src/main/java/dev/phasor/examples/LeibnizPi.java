package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.tree.Exec;
import dev.phasor.tree.Serial;

/**
 * Conducto's "compute_pi" example, as a tree: a {@code Serial} of two Java {@code Exec(leibniz, n=n)} nodes,
 * {@code Leibniz1} then {@code Leibniz2} (steps {@code Leibniz1} and {@code Leibniz2}; the second runs once
 * the first is done, without taking its result). Both compute π = 4 − 4/3 + 4/5 − 4/7 + … with
 * {@value #TERMS} terms, the same way, so they agree to the last bit. {@code pretty()} shows:
 *
 * <pre>
 * /
 * ├─0 Leibniz1   LeibnizPi::leibniz --n=10000000
 * └─1 Leibniz2   LeibnizPi::leibniz --n=10000000
 * </pre>
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

    /** Conducto's {@code compute_pi(n)}. */
    static Serial computePi(int n) {
        Serial output = new Serial();
        output.put("Leibniz1", new Exec(LeibnizPi::leibniz, Params.of("n", n)));
        output.put("Leibniz2", new Exec(LeibnizPi::leibniz, Params.of("n", n)));
        return output;
    }

    @Override
    public Pipeline define() {
        return computePi(TERMS).toPipeline("compute-pi");
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(LeibnizPi.class, args));
    }
}
