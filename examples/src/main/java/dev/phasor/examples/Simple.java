package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;

/**
 * ezpyp's README pipeline: alpha(3) = 9 and beta(2) = 8 are independent (phase 0); gamma = alpha / beta
 * = 1.125 depends on both (phase 1).
 *
 * <pre>bin/phasor run dev.phasor.examples.Simple --cache /tmp/phasor-demo</pre>
 */
public final class Simple implements PipelineDefinition {

    static int alpha(Params p) {
        int x = p.getInt("x");
        return x * x;
    }

    static int beta(Params p) {
        int x = p.getInt("x");
        return x * x * x;
    }

    static double gamma(int a, int b) {
        return a / (double) b;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("simple");
        Step<Integer> alpha = p.step("alpha", Params.of("x", 3), Simple::alpha);
        Step<Integer> beta = p.step("beta", Params.of("x", 2), Simple::beta);
        p.step("gamma", alpha, beta, Simple::gamma);
        return p.build();
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(Simple.class, args));
    }
}
