package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.ResultUnavailableException;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.StepReport;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.Trio;
import dev.phasor.transport.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 6: the same schema resumes; done steps with valid results are not run again. */
class ResumeTest {

    private static final String FAIL = "phasor.test.flaky.fail";

    @TempDir
    Path cache;

    @AfterEach
    void clearProperty() {
        System.clearProperty(FAIL);
    }

    private RunReport runTrio() {
        return Phasor.runner().cache(cache).threads(2).run(Trio.class);
    }

    @Test
    void secondRunExecutesNothingAndReadsTheSameValues() {
        RunReport first = runTrio();
        assertEquals(3, first.executed());
        assertEquals(9, first.result("a"));
        assertEquals(8, first.result("b"));
        assertEquals(1.125, first.result("c"));
        RunReport second = runTrio();
        assertEquals(0, second.executed());
        assertEquals(0, second.exitCode());
        for (StepStatus s : second.statuses()) {
            assertEquals("cached", s.run(), s.step());
            assertTrue(s.isDone());
        }
        assertEquals(9, second.result("a"));
        assertEquals(8, second.result("b"));
        assertEquals(1.125, second.result("c"));
    }

    @Test
    void deletedResultReRunsOnlyThatStep() throws Exception {
        RunReport first = runTrio();
        Files.delete(first.layout().resultFile("b"));
        RunReport second = runTrio();
        assertEquals(1, second.executed());
        assertEquals("ran", second.status("b").run());
        assertEquals("cached", second.status("a").run());
        assertEquals("cached", second.status("c").run(), "c's result is still valid for its key");
        assertEquals(8, second.result("b"));
        assertEquals(1.125, second.result("c"));
    }

    @Test
    void deletedDownstreamResultReRunsItFromTheCachedInputs() throws Exception {
        RunReport first = runTrio();
        Files.delete(first.layout().resultFile("c"));
        RunReport second = runTrio();
        assertEquals(1, second.executed());
        assertEquals("ran", second.status("c").run());
        assertEquals(1.125, second.result("c"));
    }

    @Test
    void lostStatusFileOfAValidResultIsRecoveredWithoutRunning() throws Exception {
        RunReport first = runTrio();
        Files.delete(first.layout().statusFile("a"));
        RunReport second = runTrio();
        assertEquals(0, second.executed());
        assertTrue(Files.exists(first.layout().statusFile("a")));
        assertEquals(StepStatus.DONE, CacheReader.open(cache, "trio").status("a").status());
    }

    @Test
    void failedStepRunsAgainOnTheNextRunAndFinishedOnesDoNot() {
        Phasor.runner().cache(cache).run(Failing.class);
        RunReport second = Phasor.runner().cache(cache).run(Failing.class);
        assertEquals(1, second.executed(), "only boom runs again");
        assertEquals("ran", second.status("boom").run());
        assertEquals(StepStatus.FAILED, second.status("boom").status());
        assertEquals(StepStatus.SKIPPED, second.status("after_after").status());
        assertEquals("cached", second.status("ok_3").run());
        assertEquals(3, (int) second.result("ok_3"));
    }

    /** Fails when the system property {@value #FAIL} is set: read in the body, so the definition is the same. */
    static int flaky(Params p) {
        if (Boolean.getBoolean(FAIL)) {
            throw new IllegalStateException("flaky failed this time");
        }
        return p.getInt("v");
    }

    private static Pipeline flakyPipeline() {
        PipelineBuilder p = Pipeline.builder("flaky");
        Step<Integer> flaky = p.step("flaky", Params.of("v", 21), ResumeTest::flaky);
        p.step("double", flaky, x -> x * 2);
        return p.build();
    }

    @Test
    void stepThatFailsOnAReRunLeavesNoOldValueReadable() throws Exception {
        RunReport first = Phasor.runner().cache(cache).run(flakyPipeline());
        assertEquals(21, first.result("flaky"));
        CacheLayout layout = first.layout();
        // Damage the result so that the next run must run the step again, then make it fail.
        byte[] bytes = Files.readAllBytes(layout.resultFile("flaky"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(layout.resultFile("flaky"), bytes);
        Files.delete(layout.resultFile("double"));
        System.setProperty(FAIL, "true");

        RunReport second = Phasor.runner().cache(cache).run(flakyPipeline());
        assertEquals(1, second.exitCode());
        assertEquals(StepStatus.FAILED, second.status("flaky").status());
        assertEquals(StepStatus.SKIPPED, second.status("double").status());
        assertFalse(Files.exists(layout.resultFile("flaky")), "the old result file is gone");
        assertThrows(ResultUnavailableException.class, () -> second.result("flaky"));
        CacheReader cold = CacheReader.open(cache, "flaky");
        ResultUnavailableException e = assertThrows(ResultUnavailableException.class, () -> cold.result("flaky"));
        assertTrue(e.getMessage().contains("flaky failed this time"), e.getMessage());
        assertThrows(ResultUnavailableException.class, () -> cold.result("double"));

        System.clearProperty(FAIL);
        RunReport third = Phasor.runner().cache(cache).run(flakyPipeline());
        assertEquals(0, third.exitCode());
        assertEquals(42, third.result("double"));
    }

    @Test
    void stepReRunWhileItsOldResultIsStillValidRemovesItBeforeFailing() throws Exception {
        Pipeline pipeline = flakyPipeline();
        RunReport first = Phasor.runner().cache(cache).run(pipeline);
        assertEquals(42, first.result("double"));
        // A backend may order a step again (a retry, a forced re-run): the old value must not survive a failure.
        PreparedPipeline prepared = PreparedPipeline.prepare(pipeline, getClass().getClassLoader(), cache);
        assertTrue(prepared.results().isValid("flaky", prepared.key("flaky")));
        System.setProperty(FAIL, "true");
        StepReport report = prepared.executor().execute(new Order("flaky", 1), "test");
        assertEquals(StepStatus.FAILED, report.status().status());
        assertFalse(Files.exists(prepared.layout().resultFile("flaky")));
        CacheReader cold = CacheReader.open(cache, "flaky");
        assertEquals(StepStatus.FAILED, cold.status("flaky").status());
        assertThrows(ResultUnavailableException.class, () -> cold.result("flaky"));
    }

    @Test
    void schemaIsWrittenBeforeAnyStepRuns() {
        PipelineBuilder p = Pipeline.builder("early");
        p.step("look", () -> Files.exists(StepContext.current().pipelineDir().resolve("pipeline.schema")));
        RunReport report = Phasor.runner().cache(cache).run(p.build());
        assertEquals(Boolean.TRUE, report.result("look"));
    }

    @Test
    void stepOutputFilesLiveInTheCache() throws Exception {
        PipelineBuilder p = Pipeline.builder("files");
        p.step("write", () -> {
            Path f = StepContext.current().outputDir().resolve("out.txt");
            Files.writeString(f, "hello");
            return f.toString();
        });
        RunReport report = Phasor.runner().cache(cache).run(p.build());
        Path written = Path.of((String) report.result("write"));
        assertEquals(report.layout().dir().resolve("files").resolve("write").resolve("out.txt"), written);
        assertEquals("hello", Files.readString(written));
    }

    @Test
    void stepsOfOnePhaseRunSideBySideOnTheThreadsAsked() {
        PipelineBuilder p = Pipeline.builder("parallel");
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(3);
        for (int i = 0; i < 3; i++) {
            p.step("meet_" + i, () -> barrier.await(30, java.util.concurrent.TimeUnit.SECONDS) >= 0);
        }
        RunReport report = Phasor.runner().cache(cache).threads(3).run(p.build());
        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(3, report.statuses().stream().map(StepStatus::worker).distinct().count());
        assertEquals(List.of(true, true, true), List.of(report.result("meet_0"), report.result("meet_1"),
                report.result("meet_2")));
    }
}
