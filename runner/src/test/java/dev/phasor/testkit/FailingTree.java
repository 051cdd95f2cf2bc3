package dev.phasor.testkit;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.tree.Exec;
import dev.phasor.tree.Parallel;
import dev.phasor.tree.Serial;

/**
 * A Conducto tree with a failure in each kind of container. {@code /CI} stops on error: {@code Test/broken}
 * fails, its Parallel siblings still run, and {@code Deploy} is skipped. {@code /Cleanup} does not stop:
 * {@code first} fails and {@code tidy} and {@code report} still run, in order. Statuses:
 * CI.Build 0, CI.Test.unit 0 (42), CI.Test.broken 1, CI.Test.lint 0, CI.Deploy 2, Cleanup.first 1,
 * Cleanup.tidy 0, Cleanup.report 0.
 */
public final class FailingTree implements PipelineDefinition {

    /** The tree itself, for tests of its shape. */
    public static Parallel tree() {
        Parallel root = new Parallel().env("GREETING", "hello");
        root.put("CI", new Serial());
        root.put("CI/Build", new Exec("echo built $GREETING"));
        root.put("CI/Test", new Parallel());
        root.put("CI/Test/unit", new Exec(() -> 6 * 7));
        root.put("CI/Test/broken", new Exec("echo about to fail; exit 3"));
        root.put("CI/Test/lint", new Exec("echo lint ok"));
        root.put("CI/Deploy", new Exec("echo deploying"));
        root.put("Cleanup", new Serial().stopOnError(false));
        root.put("Cleanup/first", new Exec("echo first fails >&2; exit 1"));
        root.put("Cleanup/tidy", new Exec("echo tidy $GREETING"));
        root.put("Cleanup/report", new Exec("echo report"));
        return root;
    }

    @Override
    public Pipeline define() {
        return tree().toPipeline("failing-tree");
    }
}
