package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.tree.Exec;
import dev.phasor.tree.Parallel;
import dev.phasor.tree.Serial;
import java.util.List;

/**
 * Conducto's first example as a Phasor tree: build, then test three parts at once. The root Serial
 * stops on error, so a failed build skips every test; the tests are a Parallel, so one failing test
 * never stops the others. {@code ConductoCi.tree().pretty()} prints Conducto's picture:
 *
 * <pre>
 * /
 * ├─0 Build   echo docker build, make, npm i, etc.
 * └─1 Test
 *   ├─ app   echo run test for app
 *   ├─ backend   echo run test for backend
 *   └─ metrics   echo run test for metrics
 * </pre>
 *
 * Steps are named after paths: {@code Build}, {@code Test.app}, {@code Test.backend}, {@code Test.metrics}.
 * <pre>
 * bin/phasor run dev.phasor.examples.ConductoCi --cache /tmp/phasor-demo
 * bin/mpjrun.sh -np 4 dev.phasor.examples.ConductoCi --cache /tmp/phasor-demo
 * </pre>
 */
public final class ConductoCi implements PipelineDefinition {

    static final String BUILD = "echo docker build, make, npm i, etc.";

    /** The tree: Conducto's {@code run()}. */
    public static Serial tree() {
        return tree(BUILD);
    }

    static Serial tree(String buildCommand) {
        // Use Exec to run a build step.
        Exec buildNode = new Exec(buildCommand);
        // Use Parallel to run tests in parallel; each test node may use two CPUs (inherited).
        Parallel testNode = new Parallel().cpu(2);
        for (String name : List.of("app", "backend", "metrics")) {
            testNode.put(name, new Exec("echo run test for " + name));
        }
        // Use Serial to build then test; LOG_LEVEL reaches every command below.
        Serial pipeline = new Serial().env("LOG_LEVEL", "1");
        pipeline.put("Build", buildNode);
        pipeline.put("Test", testNode);
        return pipeline;
    }

    @Override
    public Pipeline define() {
        return tree().toPipeline("conducto-ci");
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(ConductoCi.class, args));
    }
}
