package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.StatusFiles;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.StepReport;
import dev.phasor.transport.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step dispatched again after its worker was lost: the first complete result wins, and a late attempt of
 * the lost worker never replaces what the newer attempt wrote.
 */
class HazelcastWorkerRunTest {

    @TempDir
    Path cache;

    @Test
    @Timeout(20)
    void aRedispatchedStepReusesTheResultItsLostAttemptCompleted() {
        WorkerRun run = new WorkerRun("r", java.util.UUID.randomUUID(), diamond(cache), null, null, l -> false);
        run.prepared.layout().create();
        StepReport first = run.executor.execute(new Order("source_3", 1), "hz:lost:1");

        StepReport again = run.completedEarlier("source_3");
        assertEquals(first.status(), again.status(), "the completed attempt's status, not a second execution");
        assertNull(run.completedEarlier("source_4"), "never ran: it must run");
    }

    @Test
    @Timeout(20)
    void carriedResultsAreNeverReusedFromTheScratchCache() {
        WorkerRun run = new WorkerRun("r", java.util.UUID.randomUUID(), diamond(cache), null, cache, l -> false);
        run.prepared.layout().create();
        run.executor.execute(new Order("source_3", 1), "hz:lost:1");
        assertNull(run.completedEarlier("source_3"));
    }

    @Test
    @Timeout(20)
    void anAttemptThatStartsOnlyAfterItsStepWasDoneAgainElsewhereIsNotRunAndWritesNothing() throws Exception {
        WorkerRun woken = new WorkerRun("r", java.util.UUID.randomUUID(), diamond(cache), null, null, l -> false);
        woken.prepared.layout().create();
        // while this worker was frozen with attempt 1 queued, the step ran again (attempt 2) on another one
        woken.executor.execute(new Order("source_3", 2), "hz:survivor:1");
        Path status = woken.prepared.layout().statusFile("source_3");
        byte[] newer = Files.readAllBytes(status);

        assertTrue(woken.superseded("source_3", 1), "attempt 1 must not even start");
        StepReport late = woken.executor.execute(new Order("source_3", 1), "hz:woken:1", false);
        assertNull(woken.keep(late), "it started later than attempt 2, yet it is older");
        assertArrayEquals(newer, Files.readAllBytes(status));
        assertEquals("hz:survivor:1", StatusFiles.read(status).worker());
    }

    @Test
    @Timeout(20)
    void aStatusLeftByAnEarlierRunDoesNotSupersedeThisRunsAttempts() throws Exception {
        PreparedPipeline prepared = diamond(cache);
        prepared.layout().create();
        prepared.executor().execute(new Order("source_3", 3), "hz:earlier-run:1"); // before this run
        WorkerRun run = new WorkerRun("r", java.util.UUID.randomUUID(), prepared, null, null, l -> false);

        assertFalse(run.superseded("source_3", 1));
        StepReport first = run.executor.execute(new Order("source_3", 1), "hz:this-run:1", false);
        assertNotNull(run.keep(first));
        assertEquals("hz:this-run:1", StatusFiles.read(prepared.layout().statusFile("source_3")).worker());
    }

    @Test
    @Timeout(20)
    void aRetryReplacesTheStatusOfTheAttemptItFollows() throws Exception {
        WorkerRun run = new WorkerRun("r", java.util.UUID.randomUUID(), diamond(cache), null, null, l -> false);
        run.prepared.layout().create();
        run.keep(run.executor.execute(new Order("source_3", 1), "hz:lost:1", false));

        assertFalse(run.superseded("source_3", 2));
        assertNotNull(run.keep(run.executor.execute(new Order("source_3", 2), "hz:other:1", false)));
        assertEquals(2, StatusFiles.read(run.prepared.layout().statusFile("source_3")).attempt());
    }

    private static PreparedPipeline diamond(Path root) {
        PipelineSource.Loaded loaded = new PipelineSource("dev.phasor.testkit.Diamond", List.of())
                .load(HazelcastWorkerRunTest.class.getClassLoader());
        return PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), root);
    }
}
