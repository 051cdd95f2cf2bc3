package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.RunAbortedException;
import dev.phasor.backend.LocalBackend;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.run.Coordinator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on local threads: a step interrupted by the abort is left unfinished (no status file, as a
 * Hazelcast worker keeps no result of it), not recorded as failed with an InterruptedException, so that
 * {@code phasor status} calls the cache incomplete as docs/cli.md says and agrees with pipeline.summary.
 */
class InterruptedStepStatusTest {

    static final CountDownLatch STARTED = new CountDownLatch(1);

    /** One step that waits until it is interrupted. */
    public static final class Blocking implements PipelineDefinition {
        static int block(Params p) throws InterruptedException {
            STARTED.countDown();
            Thread.sleep(Long.MAX_VALUE);
            return p.getInt("x");
        }

        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("blocking");
            p.step("waits", Params.of("x", 1), Blocking::block);
            return p.build();
        }
    }

    @TempDir
    Path cache;

    @Test
    void aStepInterruptedByCtrlCIsLeftUnfinishedNotFailed() throws Exception {
        PipelineSource source = new PipelineSource(Blocking.class.getName(), List.of());
        PipelineSource.Loaded loaded = source.load(Blocking.class.getClassLoader());
        PreparedPipeline prepared = PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cache);
        Coordinator coordinator = new Coordinator(prepared, source, new RunListener() { });
        Thread aborter = new Thread(() -> {
            try {
                if (STARTED.await(5, TimeUnit.MINUTES)) { // a bound for a broken build, not a timing
                    coordinator.requestAbort("the run was interrupted (Ctrl-C)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        aborter.start();
        try (LocalBackend local = new LocalBackend(1)) {
            RunAbortedException e = assertThrows(RunAbortedException.class, () -> coordinator.run(local));
            assertEquals(130, e.exitCode());
        }
        aborter.join();

        assertFalse(prepared.layout().statusFile("waits").toFile().exists(),
                "an interrupted step leaves no status file");
        List<StepStatus> statuses = CacheReader.open(cache, "blocking").statuses();
        assertTrue(statuses.get(0).isUnfinished(), "the interrupted step reads as unfinished: " + statuses.get(0));
    }
}
