package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.cache.CacheLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 6: logs/&lt;step&gt;.log holds what a step printed, Java and shell alike, and only then. */
class StepLogsTest {

    private static final String LOUD = "phasor.test.logs.loud";

    @TempDir
    Path cache;

    /** Both side-by-side steps wait here, so they are surely running at the same time. */
    static volatile CyclicBarrier meeting;

    @AfterEach
    void clearProperty() {
        System.clearProperty(LOUD);
    }

    private RunReport run(Pipeline pipeline, int threads) {
        return Phasor.runner().cache(cache).threads(threads).run(pipeline);
    }

    @Test
    void javaStepOutputAndErrorGoToItsLog() throws Exception {
        PipelineBuilder p = Pipeline.builder("logs");
        p.step("talk", () -> {
            System.out.println("to stdout");
            System.err.println("to stderr");
            System.out.printf("formatted %d%n", 42);
            return 1;
        });
        RunReport report = run(p.build(), 1);
        String log = Files.readString(report.layout().logFile("talk"));
        assertTrue(log.contains("to stdout\n"), log);
        assertTrue(log.contains("to stderr\n"), log);
        assertTrue(log.contains("formatted 42\n"), log);
    }

    @Test
    void stepThatPrintsNothingHasNoLogFile() {
        PipelineBuilder p = Pipeline.builder("quiet");
        p.step("silent", () -> 1);
        p.shell("silent_shell", "true");
        RunReport report = run(p.build(), 1);
        assertEquals(0, report.exitCode());
        assertFalse(Files.exists(report.layout().logFile("silent")));
        assertFalse(Files.exists(report.layout().logFile("silent_shell")));
    }

    @Test
    void shellStepOutputAndErrorGoToItsLog() throws Exception {
        PipelineBuilder p = Pipeline.builder("shelllog");
        p.shell("both", "echo out-line; echo err-line >&2");
        RunReport report = run(p.build(), 1);
        assertEquals("out-line", report.result("both").toString(), "stdout is the result, stderr is not");
        String log = Files.readString(report.layout().logFile("both"));
        assertTrue(log.contains("out-line\n") && log.contains("err-line\n"), log);
    }

    @Test
    void failingStepKeepsWhatItPrintedBeforeFailing() throws Exception {
        PipelineBuilder p = Pipeline.builder("lastwords");
        p.step("doomed", () -> {
            System.out.println("about to fail");
            throw new IllegalStateException("failed");
        });
        RunReport report = run(p.build(), 1);
        assertEquals(1, report.exitCode());
        assertEquals("about to fail\n", Files.readString(report.layout().logFile("doomed")));
    }

    static String chatter(String who) throws Exception {
        for (int i = 0; i < 50; i++) {
            System.out.println(who + " line " + i);
            if (i == 10) {
                meeting.await(30, TimeUnit.SECONDS); // both steps are mid-way at this point
            }
            System.err.println(who + " err " + i);
        }
        return who;
    }

    @Test
    void stepsRunningConcurrentlyKeepSeparateLogs() throws Exception {
        meeting = new CyclicBarrier(2);
        PipelineBuilder p = Pipeline.builder("concurrent");
        p.step("left", () -> chatter("left"));
        p.step("right", () -> chatter("right"));
        RunReport report = run(p.build(), 2);
        assertEquals(0, report.exitCode(), report::summary);
        assertTrue(!report.status("left").worker().equals(report.status("right").worker()), "two threads");
        for (String who : List.of("left", "right")) {
            List<String> lines = Files.readAllLines(report.layout().logFile(who));
            assertEquals(100, lines.size(), who);
            assertTrue(lines.stream().allMatch(l -> l.startsWith(who + " ")), () -> who + ": " + lines);
        }
    }

    static int maybeLoud() {
        if (Boolean.getBoolean(LOUD)) {
            System.out.println("loud this time");
        }
        return 7;
    }

    @Test
    void reRunStepThatPrintsNothingLeavesNoOldLog() throws Exception {
        PipelineBuilder p = Pipeline.builder("stale");
        p.step("maybe", StepLogsTest::maybeLoud);
        Pipeline pipeline = p.build();
        System.setProperty(LOUD, "true");
        RunReport first = run(pipeline, 1);
        CacheLayout layout = first.layout();
        assertTrue(Files.exists(layout.logFile("maybe")));
        System.clearProperty(LOUD);
        Files.delete(layout.resultFile("maybe"));
        RunReport second = run(pipeline, 1);
        assertEquals(1, second.executed());
        assertFalse(Files.exists(layout.logFile("maybe")), "the log of the previous run is not this run's");
    }

    static volatile java.util.concurrent.CountDownLatch stepStarted;
    static volatile java.util.concurrent.CountDownLatch testPrinted;

    static int printAroundTheTest() throws InterruptedException {
        System.out.println("inside before");
        stepStarted.countDown();
        if (!testPrinted.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never printed");
        }
        System.out.println("inside after");
        return 1;
    }

    @Test
    void outputOfOtherThreadsWhileAStepRunsIsNotCaptured() throws Exception {
        stepStarted = new java.util.concurrent.CountDownLatch(1);
        testPrinted = new java.util.concurrent.CountDownLatch(1);
        PipelineBuilder p = Pipeline.builder("outside");
        p.step("inside", StepLogsTest::printAroundTheTest);
        Pipeline pipeline = p.build();
        java.util.concurrent.CompletableFuture<RunReport> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run(pipeline, 1));
        try {
            assertTrue(stepStarted.await(30, TimeUnit.SECONDS));
            System.out.println("printed by the test thread while the step runs");
            System.err.println("and on stderr too");
        } finally {
            testPrinted.countDown();
        }
        RunReport report = run.get(60, TimeUnit.SECONDS);
        assertEquals("inside before\ninside after\n", Files.readString(report.layout().logFile("inside")));
    }
}
