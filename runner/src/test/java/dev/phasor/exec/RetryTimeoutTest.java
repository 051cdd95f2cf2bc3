package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.StepContext;
import dev.phasor.api.StepPolicy;
import dev.phasor.cache.StepStatus;
import dev.phasor.key.StepKeys;
import dev.phasor.support.StatusJson;
import dev.phasor.testkit.ShellProcesses;
import dev.phasor.testkit.Timeouts;
import dev.phasor.transport.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, point 5: retries with backoff, each attempt recorded; timeouts stop and fail a step. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetryTimeoutTest {

    @TempDir
    Path cache;

    private static volatile boolean releaseStubborn;

    private RunReport run(Pipeline pipeline) {
        return Phasor.runner().cache(cache).threads(2).run(pipeline);
    }

    /** Fails its first {@code failures} attempts, then returns its attempt number. */
    static int failUntil(int failures) {
        int attempt = StepContext.current().attempt();
        System.out.println("attempt " + attempt + " running");
        if (attempt <= failures) {
            throw new IllegalStateException("attempt " + attempt + " fails");
        }
        return attempt;
    }

    @Test
    void aFailingStepIsRetriedWithBackoffAndEveryAttemptIsRecorded() throws Exception {
        PipelineBuilder p = Pipeline.builder("retry");
        p.step("flaky", () -> failUntil(2)).retries(3).backoff(Duration.ofMillis(200));
        RunReport r = run(p.build());

        assertEquals(0, r.exitCode());
        assertEquals(3, r.result("flaky"), "the third attempt succeeded");
        StepStatus s = r.status("flaky");
        assertEquals(3, s.attempt());
        assertEquals(List.of("failed", "failed", "done"), s.attempts().stream().map(StepStatus.Attempt::state).toList());
        assertEquals("attempt 1 fails", s.attempts().get(0).errorMessage());
        Duration firstWait = Duration.between(Instant.parse(s.attempts().get(0).ended()),
                Instant.parse(s.attempts().get(1).started()));
        Duration secondWait = Duration.between(Instant.parse(s.attempts().get(1).ended()),
                Instant.parse(s.attempts().get(2).started()));
        assertTrue(firstWait.toMillis() >= 190, "backoff before attempt 2: " + firstWait);
        assertTrue(secondWait.toMillis() >= 390, "doubled before attempt 3: " + secondWait);

        JsonNode json = StatusJson.read(r.layout().statusFile("flaky"));
        assertEquals(3, json.get("attempt").asInt());
        assertEquals(3, json.get("attempts").size());
        String log = Files.readString(r.layout().logFile("flaky"));
        assertTrue(log.contains("attempt 1 running") && log.contains("attempt 3 running"), log);
        assertTrue(log.contains("[phasor] attempt 1 failed (java.lang.IllegalStateException: attempt 1 fails);"
                + " retry 1 of 3 in 200 ms"), log);
    }

    @Test
    void anAttemptAfterALostWorkerNamesTheRetryItFollowsNotItsAttemptNumber() throws Exception {
        PipelineBuilder p = Pipeline.builder("retry");
        p.step("flaky", () -> failUntil(9)).retries(2).backoff(Duration.ofMillis(100));
        PreparedPipeline prepared = PreparedPipeline.prepare(p.build(), getClass().getClassLoader(), cache);
        Files.createDirectories(prepared.layout().logFile("flaky").getParent()); // as a run's start does
        // attempt 1 failed, attempt 2 was lost with its worker: attempt 3 is retry 1, and retry 2 follows it
        prepared.executor().execute(new Order("flaky", 3, 1), "test");
        String log = Files.readString(prepared.layout().logFile("flaky"));
        assertTrue(log.contains("[phasor] attempt 3 failed (java.lang.IllegalStateException: attempt 3 fails);"
                + " retry 2 of 2 in 200 ms"), log);
        prepared.executor().execute(new Order("flaky", 4, 2), "test");
        assertFalse(Files.readString(prepared.layout().logFile("flaky")).contains("attempt 4 failed"),
                "no retry is left after the second failure: no note announces one");
    }

    @Test
    void aStepThatFailsEveryAttemptFailsWithTheLastError() {
        PipelineBuilder p = Pipeline.builder("retry");
        p.step("never", () -> failUntil(99)).retries(2);
        p.step("after", p.step("ok", () -> 1), x -> x);
        RunReport r = run(p.build());

        assertEquals(1, r.exitCode());
        StepStatus s = r.status("never");
        assertEquals(StepStatus.FAILED, s.status());
        assertEquals(3, s.attempt());
        assertEquals("attempt 3 fails", s.errorMessage());
        assertEquals(3, s.attempts().size());
        assertTrue(r.status("after").isDone(), "independent steps are not affected");
    }

    @Test
    void aStepWithoutRetriesHasNoAttemptHistory() {
        PipelineBuilder p = Pipeline.builder("retry");
        p.step("once", () -> failUntil(0));
        RunReport r = run(p.build());
        assertEquals(1, r.status("once").attempt());
        assertNull(r.status("once").attempts());
        assertTrue(!StatusJson.read(r.layout().statusFile("once")).has("attempts"));
    }

    @Test
    void pipelineDefaultsApplyToEveryStepThatSetsNothingItself() {
        PipelineBuilder p = Pipeline.builder("retry");
        p.defaults(StepPolicy.none().retries(2));
        p.step("uses_default", () -> failUntil(2));
        p.step("own_setting", () -> failUntil(2)).retries(0);
        RunReport r = run(p.build());
        assertEquals(3, r.result("uses_default"));
        assertEquals(StepStatus.FAILED, r.status("own_setting").status());
        assertEquals(1, r.status("own_setting").attempt());
    }

    @Test
    void retriesAndTimeoutsAreNotPartOfTheStepKeyNorOfTheSchema() {
        PipelineBuilder plain = Pipeline.builder("same");
        plain.step("a", () -> 1);
        PipelineBuilder tuned = Pipeline.builder("same");
        tuned.defaults(StepPolicy.none().timeout(Duration.ofMinutes(5)));
        tuned.step("a", () -> 1).retries(4).backoff(Duration.ofSeconds(1));
        Pipeline a = plain.build();
        Pipeline b = tuned.build();
        assertEquals(StepKeys.compute(a), StepKeys.compute(b));
        RunReport first = run(a);
        assertEquals(1, first.executed());
        RunReport second = run(b);
        assertEquals(0, second.exitCode(), "the same schema: no conflict");
        assertEquals(0, second.executed(), "the cached result is reused");
    }

    @Test
    void aShellStepPastItsTimeoutIsFailedAndItsWholeProcessTreeKilled() throws Exception {
        RunReport r = Phasor.runner().cache(cache).threads(2).run(Timeouts.class);

        assertEquals(1, r.exitCode());
        StepStatus hang = r.status("hang");
        assertEquals(StepStatus.FAILED, hang.status());
        assertEquals("Timeout", hang.errorType());
        assertTrue(hang.errorMessage().contains("timed out after 1500 ms; its command and every process it started"
                + " were killed"), hang.errorMessage());
        assertTrue(hang.durationMs() < 10_000, "stopped at its timeout, not after the 60 s sleep: " + hang.durationMs());
        assertTrue(r.status("quick").isDone());
        assertEquals(StepStatus.SKIPPED, r.status("after_hang").status());
        ShellProcesses.assertGone(r.layout().dir().resolve("hang.pids"));
        assertEquals(2, r.result("retried"), "retried on the worker that ran it");
        assertEquals(2, r.status("retried").attempts().size());
    }

    @Test
    void aJavaStepPastItsTimeoutIsInterruptedAndFailed() {
        PipelineBuilder p = Pipeline.builder("timeout");
        p.step("sleeper", () -> {
            Thread.sleep(30_000);
            return 1;
        }).timeout(Duration.ofMillis(300));
        RunReport r = run(p.build());
        StepStatus s = r.status("sleeper");
        assertEquals("Timeout", s.errorType());
        assertTrue(s.errorMessage().endsWith("timed out after 300 ms; it was interrupted and stopped"), s.errorMessage());
        assertTrue(s.durationMs() < 5_000, "" + s.durationMs());
    }

    @Test
    void aJavaStepThatIgnoresItsInterruptIsAbandonedAndFailed() {
        releaseStubborn = false;
        PipelineBuilder p = Pipeline.builder("timeout");
        p.step("stubborn", () -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!releaseStubborn && System.nanoTime() < end) {
                Thread.onSpinWait(); // ignores interrupts on purpose
            }
            return 1;
        }).timeout(Duration.ofMillis(200));
        try {
            RunReport r = run(p.build());
            StepStatus s = r.status("stubborn");
            assertEquals(StepStatus.FAILED, s.status());
            assertTrue(s.errorMessage().contains("ignored the interrupt for 2 s and was abandoned"), s.errorMessage());
            assertTrue(s.durationMs() < 10_000, "" + s.durationMs());
        } finally {
            releaseStubborn = true;
        }
    }

    @Test
    void aTimedOutAttemptIsRetried() {
        PipelineBuilder p = Pipeline.builder("timeout");
        p.step("slow_first", () -> {
            if (StepContext.current().attempt() == 1) {
                Thread.sleep(30_000);
            }
            return StepContext.current().attempt();
        }).timeout(Duration.ofMillis(300)).retries(1);
        RunReport r = run(p.build());
        assertEquals(2, r.result("slow_first"));
        StepStatus s = r.status("slow_first");
        assertEquals(List.of("timed-out", "done"), s.attempts().stream().map(StepStatus.Attempt::state).toList());
        assertEquals("Timeout", s.attempts().get(0).errorType());
    }
}
