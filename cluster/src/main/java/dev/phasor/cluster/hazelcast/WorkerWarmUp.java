package dev.phasor.cluster.hazelcast;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.StepExecutor;
import dev.phasor.exec.StepReport;
import dev.phasor.transport.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Before a worker says it is ready, it builds and runs a small pipeline of its own in a temporary
 * directory, as it will for a coordinator's run: a fresh JVM otherwise loads and interprets Phasor's
 * define, plan, key and cache code while the first coordinator waits for its {@code PrepareRun} (seconds
 * on a loaded 2-core machine, against well under a second once warm). Nothing of it is kept.
 */
final class WorkerWarmUp {

    private static final int STEPS = 2_000;
    private static final int RUN = 200;

    private WorkerWarmUp() {
    }

    /** Warms up; any failure only costs the first run the warm-up it missed. */
    static void run(WorkerNode node) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("phasor-warm-up-");
            PipelineBuilder b = Pipeline.builder("phasor-worker-warm-up");
            for (int i = 0; i < STEPS; i++) {
                b.step("w" + i, Params.of("i", i), WorkerWarmUp::index);
            }
            PreparedPipeline prepared = PreparedPipeline.prepare(b.build(), WorkerWarmUp.class.getClassLoader(), dir);
            prepared.layout().create();
            prepared.fingerprint();
            prepared.signature();
            StepExecutor executor = prepared.executor();
            WorkerRun run = new WorkerRun("warm-up", new java.util.UUID(0, 0), prepared, null, null, l -> true);
            for (int i = 0; i < RUN; i++) {
                StepReport report = executor.execute(new Order("w" + i, 1), "hz:warm-up", false);
                run.keep(report);
                StepOutcome.report(report).toReport();
            }
        } catch (IOException | RuntimeException e) {
            node.say("warm-up skipped: " + e);
        } finally {
            if (dir != null) {
                WorkerRun.deleteTree(dir);
            }
        }
    }

    static int index(Params p) {
        return p.getInt("i");
    }
}
