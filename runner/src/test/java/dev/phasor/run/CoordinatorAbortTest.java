package dev.phasor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.RunAbortedException;
import dev.phasor.backend.LocalBackend;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.Trio;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point a Ctrl-C handler calls: the run stops, keeps what finished, and a later run resumes. */
class CoordinatorAbortTest {

    @TempDir
    Path cache;

    @Test
    void anAbortRequestedMidRunStopsItKeepsFinishedResultsAndALaterRunResumes() {
        PipelineSource source = new PipelineSource(Trio.class.getName(), List.of());
        PipelineSource.Loaded loaded = source.load(Trio.class.getClassLoader());
        PreparedPipeline prepared = PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cache);
        Coordinator[] coordinator = new Coordinator[1];
        RunListener abortAfterFirst = new RunListener() {
            @Override
            public void stepFinished(StepStatus status) {
                coordinator[0].requestAbort("interrupted (Ctrl-C)", 130);
            }
        };
        coordinator[0] = new Coordinator(prepared, source, abortAfterFirst);
        RunAbortedException e;
        try (LocalBackend local = new LocalBackend(1)) {
            e = assertThrows(RunAbortedException.class, () -> coordinator[0].run(local));
        }
        assertEquals("interrupted (Ctrl-C)", e.getMessage());
        assertEquals(130, e.exitCode());
        assertTrue(prepared.layout().summaryFile().toFile().isFile(), "the summary is written");
        assertFalse(prepared.layout().statusFile("c").toFile().exists(), "no step started after the abort");

        RunReport resumed = Phasor.runner().cache(cache).threads(1).run(Trio.class);
        assertTrue(resumed.executed() < 3, "what finished before the abort is reused");
        assertEquals(1.125, resumed.result("c"));
    }
}
