package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.ResultUnavailableException;
import dev.phasor.cache.StepStatus;
import dev.phasor.support.StatusJson;
import dev.phasor.testkit.Failing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 5: a failed step skips only its downstream; independent steps still run. */
class FailureIsolationTest {

    @TempDir
    Path cache;

    private RunReport runFailing() {
        return Phasor.runner().cache(cache).threads(2).run(Failing.class);
    }

    @Test
    void failedStepSkipsOnlyItsDownstream() {
        RunReport report = runFailing();
        assertEquals(1, report.exitCode());
        assertFalse(report.succeeded());
        assertEquals(StepStatus.FAILED, report.status("boom").status());
        for (String skipped : new String[] {"after_boom", "after_after", "mixed"}) {
            StepStatus s = report.status(skipped);
            assertEquals(StepStatus.SKIPPED, s.status(), skipped);
            assertEquals(StepStatus.State.SKIPPED, s.state());
            assertEquals("boom", s.blamedStep(), skipped);
            assertTrue(s.reason().contains("'boom'"), s.reason());
        }
        assertEquals("upstream step 'boom' failed", report.status("after_boom").reason());
        assertEquals("upstream step 'after_boom' was skipped because 'boom' failed",
                report.status("after_after").reason());
        assertEquals(1, (int) report.result("ok_1"));
        assertEquals(2, (int) report.result("ok_2"));
        assertEquals(3, (int) report.result("ok_3"));
        assertEquals(3, report.count(StepStatus.DONE));
        assertEquals(1, report.count(StepStatus.FAILED));
        assertEquals(3, report.count(StepStatus.SKIPPED));
        assertEquals(java.util.List.of("boom"), report.failedSteps());
    }

    @Test
    void failureIsRecordedInTheStatusFileWithTypeMessageAndStackTrace() {
        runFailing();
        CacheLayout layout = new CacheLayout(cache, "failing");
        JsonNode boom = StatusJson.read(layout.statusFile("boom"));
        assertEquals(1, boom.get("status").asInt());
        assertEquals("failed", boom.get("state").asText());
        assertEquals("java.lang.IllegalStateException", boom.get("errorType").asText());
        assertEquals("boom: this step always fails", boom.get("errorMessage").asText());
        String trace = boom.get("stackTrace").asText();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: boom"), trace);
        assertTrue(trace.contains("Failing.explode"), trace);
        assertTrue(boom.get("worker").asText().startsWith("local:thread-"), boom.toString());
        assertTrue(boom.hasNonNull("host"), boom.toString());
        Instant started = Instant.parse(boom.get("started").asText());
        Instant ended = Instant.parse(boom.get("ended").asText());
        assertFalse(ended.isBefore(started));
        assertTrue(boom.get("durationMs").asDouble() >= 0);

        JsonNode skipped = StatusJson.read(layout.statusFile("after_after"));
        assertEquals(2, skipped.get("status").asInt());
        assertEquals("boom", skipped.get("blamedStep").asText());
        assertTrue(skipped.get("reason").asText().contains("boom"));

        JsonNode done = StatusJson.read(layout.statusFile("ok_3"));
        assertEquals(0, done.get("status").asInt());
        assertFalse(done.has("errorType"), done.toString());
    }

    @Test
    void failedAndSkippedStepsLeaveNoResultAndSayWhy() {
        RunReport report = runFailing();
        CacheLayout layout = report.layout();
        for (String step : new String[] {"boom", "after_boom", "after_after", "mixed"}) {
            assertFalse(Files.exists(layout.resultFile(step)), step);
        }
        ResultUnavailableException failed = assertThrows(ResultUnavailableException.class,
                () -> report.result("boom"));
        assertTrue(failed.getMessage().contains("step 'boom' failed"), failed.getMessage());
        assertTrue(failed.getMessage().contains("IllegalStateException"), failed.getMessage());
        ResultUnavailableException skipped = assertThrows(ResultUnavailableException.class,
                () -> report.result("mixed"));
        assertTrue(skipped.getMessage().contains("step 'mixed' was skipped"), skipped.getMessage());
        assertEquals(ExitCodes.STEP_FAILED, ExitCodes.of(skipped));
    }

    @Test
    void summaryListsEveryStepByPhaseWithItsOutcome() throws Exception {
        runFailing();
        String summary = Files.readString(new CacheLayout(cache, "failing").summaryFile());
        assertTrue(summary.contains("steps 7: 3 done, 1 failed, 3 skipped, 0 not run"), summary);
        java.util.List<String> lines = summary.lines().toList();
        assertTrue(lines.get(1).matches("name\\s+params\\s+phase\\s+status\\s+state\\s+run\\s+duration\\s+worker"
                + "\\s+result"), lines.get(1));
        int previousPhase = 0;
        for (String line : lines.subList(2, lines.size())) {
            int phase = Integer.parseInt(line.split("\\s+")[2]);
            assertTrue(phase >= previousPhase, "ordered by phase: " + summary);
            previousPhase = phase;
        }
        assertTrue(summary.contains("java.lang.IllegalStateException: boom: this step always fails"), summary);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ok_3 ") && l.endsWith("  3")), "its value: " + summary);
    }

    @Test
    void shellStepExitingNonZeroFailsWithShellCommandFailed() throws Exception {
        PipelineBuilder p = Pipeline.builder("shellfail");
        Step<ShellResult> bad = p.shell("bad", "echo partial output; echo 'disk on fire' >&2; exit 3");
        p.step("after_bad", bad, r -> r.text().length());
        p.shell("good", "echo fine");
        RunReport report = Phasor.runner().cache(cache).threads(2).run(p.build());
        assertEquals(1, report.exitCode());
        StepStatus s = report.status("bad");
        assertEquals(StepStatus.FAILED, s.status());
        assertEquals("ShellCommandFailed", s.errorType());
        assertEquals("command exited with code 3: disk on fire", s.errorMessage());
        assertEquals(StepStatus.SKIPPED, report.status("after_bad").status());
        assertEquals("fine", report.result("good").toString());
        String log = Files.readString(report.layout().logFile("bad"));
        assertTrue(log.contains("partial output") && log.contains("disk on fire"), log);
        assertFalse(Files.exists(report.layout().resultFile("bad")));
    }

    /** Not registered with the pipeline, so Kryo may not write it. */
    static final class Opaque {
        final int value = 1;
    }

    @Test
    void resultKryoCannotWriteFailsTheStepLeavesNoFileAndTheRunContinues() throws Exception {
        PipelineBuilder p = Pipeline.builder("unwritable");
        Step<Opaque> opaque = p.step("opaque", Opaque::new);
        p.step("uses_opaque", opaque, o -> o.value);
        Step<Integer> fine = p.step("fine", () -> 5);
        p.step("after_fine", fine, x -> x * 2);
        RunReport report = Phasor.runner().cache(cache).threads(2).run(p.build());
        assertEquals(1, report.exitCode());
        StepStatus s = report.status("opaque");
        assertEquals(StepStatus.FAILED, s.status());
        assertEquals("dev.phasor.serialization.CodecException", s.errorType());
        assertTrue(s.errorMessage().contains(Opaque.class.getName()), s.errorMessage());
        assertTrue(s.errorMessage().contains("register"), s.errorMessage());
        assertFalse(Files.exists(report.layout().resultFile("opaque")));
        try (var files = Files.list(report.layout().dir())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        assertEquals(StepStatus.SKIPPED, report.status("uses_opaque").status());
        assertEquals(10, (int) report.result("after_fine"));
    }

    @Test
    void registeredResultTypeIsWrittenAndReadBack() {
        PipelineBuilder p = Pipeline.builder("registered");
        p.register(Point.class);
        Step<Point> point = p.step("point", () -> new Point(1, 2.5));
        p.step("x", point, Point::x);
        RunReport report = Phasor.runner().cache(cache).run(p.build());
        assertEquals(0, report.exitCode());
        assertEquals(new Point(1, 2.5), report.result(point));
        assertEquals(1, (int) report.result("x"));
    }

    @Test
    void registeringATypeKryoCannotHandleIsRefusedBeforeAnythingRuns() {
        PipelineBuilder p = Pipeline.builder("uuid");
        p.register(java.util.UUID.class);
        p.step("id", java.util.UUID::randomUUID);
        Pipeline pipeline = p.build();
        dev.phasor.api.PipelineDefinitionException e = assertThrows(dev.phasor.api.PipelineDefinitionException.class,
                () -> Phasor.runner().cache(cache).run(pipeline));
        assertTrue(e.getMessage().contains("java.util.UUID"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("uuid")), "nothing written");
    }

    /** A user's result type. */
    public record Point(int x, double y) {
    }

    static int outOfMemory() {
        throw new OutOfMemoryError("simulated: the step asked for too much");
    }

    @Test
    void stepThrowingAnErrorFailsThatStepInsteadOfHangingTheRun() {
        PipelineBuilder p = Pipeline.builder("errors");
        p.step("oom", FailureIsolationTest::outOfMemory);
        p.step("deep", FailureIsolationTest::recurse);
        p.step("fine", () -> 1);
        Pipeline pipeline = p.build();
        RunReport report = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Phasor.runner().cache(cache).threads(2).run(pipeline));
        assertEquals(StepStatus.FAILED, report.status("oom").status());
        assertEquals("java.lang.OutOfMemoryError", report.status("oom").errorType());
        assertEquals(StepStatus.FAILED, report.status("deep").status());
        assertEquals("java.lang.StackOverflowError", report.status("deep").errorType());
        assertEquals(1, (int) report.result("fine"));
    }

    static int recurse() {
        return recurse() + 1;
    }
}
