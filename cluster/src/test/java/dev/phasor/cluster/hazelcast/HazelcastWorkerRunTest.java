package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A step dispatched again after its worker was lost: the first complete result wins. */
class HazelcastWorkerRunTest {

    @TempDir
    Path cache;

    @Test
    @Timeout(20)
    void aRedispatchedStepReusesTheResultItsLostAttemptCompleted() {
        WorkerRun run = new WorkerRun("r", java.util.UUID.randomUUID(), diamond(cache), null, null, l -> false);
        run.prepared.layout().create();
        StepReport first = run.executor.execute(new StepOrder("source_3", 1), "hz:lost:1");

        StepReport again = run.completedEarlier("source_3");
        assertEquals(first.status(), again.status(), "the completed attempt's status, not a second execution");
        assertNull(run.completedEarlier("source_4"), "never ran: it must run");
    }

    @Test
    @Timeout(20)
    void carriedResultsAreNeverReusedFromTheScratchCache() {
        WorkerRun run = new WorkerRun("r", java.util.UUID.randomUUID(), diamond(cache), null, cache, l -> false);
        run.prepared.layout().create();
        run.executor.execute(new StepOrder("source_3", 1), "hz:lost:1");
        assertNull(run.completedEarlier("source_3"));
    }

    private static PreparedPipeline diamond(Path root) {
        PipelineSource.Loaded loaded = new PipelineSource("dev.phasor.testkit.Diamond", List.of())
                .load(HazelcastWorkerRunTest.class.getClassLoader());
        return PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), root);
    }
}
