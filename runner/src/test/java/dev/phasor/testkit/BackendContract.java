package dev.phasor.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.ShellResult;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend must do alike, since one engine schedules them all: each backend form runs this suite
 * by implementing {@link #run} (a {@code phasor run} of a pipeline class, the way its users start one).
 */
public abstract class BackendContract {

    @TempDir
    protected Path work;

    /**
     * Runs {@code pipeline} on this backend with the cache root {@code cache}, the system properties
     * {@code properties} ({@code -Dk=v}) and the extra {@code phasor run} arguments {@code args}.
     *
     * @return the run's exit code
     */
    protected abstract int run(Class<?> pipeline, Path cache, List<String> properties, String... args) throws Exception;

    private int run(Class<?> pipeline, Path cache, String... args) throws Exception {
        return run(pipeline, cache, List.of(), args);
    }

    /** What {@link #runKillingAWorker} did: the run's exit code and the process it killed. */
    public record Killed(int exitCode, long pid) {
    }

    /**
     * Runs {@link Sleepy} like {@link #run} with {@code properties} (among them
     * {@code -Dphasor.test.executions=DIR}) and, once one of its steps has started in a worker process other
     * than the coordinator's ({@link #awaitStepStartedIn}), kills that process with SIGKILL. Backend forms
     * whose workers all live in the coordinator's process have nothing to kill: they abort the test (the
     * default).
     */
    protected Killed runKillingAWorker(Path cache, List<String> properties) throws Exception {
        Assumptions.abort(getClass().getSimpleName() + ": every worker shares the coordinator's process");
        return null;
    }

    /**
     * Waits (polling, at most {@code limit}) until a step of {@link Sleepy} has started in a process that
     * {@code candidate} accepts, as the execution files in {@code executions} show, and returns its PID.
     */
    protected static long awaitStepStartedIn(Path executions, LongPredicate candidate, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (long pid : pids(executions).values().stream().flatMap(List::stream).toList()) {
                if (candidate.test(pid)) {
                    return pid;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no step started in a worker process within " + limit + ": " + pids(executions));
    }

    /** The PIDs of the processes that started each step, by step, from {@link Sleepy}'s execution files. */
    private static Map<String, List<Long>> pids(Path executions) throws IOException {
        Map<String, List<Long>> pids = new TreeMap<>();
        if (Files.isDirectory(executions)) {
            try (Stream<Path> files = Files.list(executions)) {
                for (Path f : files.toList()) {
                    pids.put(f.getFileName().toString(), Files.readAllLines(f).stream().filter(l -> !l.isBlank())
                            .map(Long::parseLong).toList());
                }
            }
        }
        return pids;
    }

    @Test
    void aFailedStepSkipsItsDownstreamNamingItAndSparesItsSiblings() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.STEP_FAILED, run(Failing.class, cache));
        CacheReader r = CacheReader.open(cache, "failing");
        assertEquals(StepStatus.FAILED, r.status("boom").status());
        assertEquals("boom", r.status("after_after").blamedStep());
        assertEquals(StepStatus.SKIPPED, r.status("mixed").status());
        assertEquals(3, r.result("ok_3"));
    }

    @Test
    void aChainSentAheadStopsAtAFailureGoesAgainWithItsRetryAndIsSkippedPastAFailureForGood() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.STEP_FAILED, run(Chains.class, cache, "--eager"));
        CacheReader r = CacheReader.open(cache, "chains");
        int last = Chains.LENGTH - 1;
        String flaky = "line_" + Chains.FAILING;
        String failing = "broken_" + Chains.FAILING;
        assertEquals(last, r.result("line_" + last));
        assertEquals(2, r.status(flaky).attempts().size(), () -> r.status(flaky).toString());
        for (int i = Chains.FAILING + 1; i < Chains.LENGTH; i++) {
            assertEquals(1, r.status("line_" + i).attempt(), "a withdrawn follower never ran: still its first attempt");
        }
        assertEquals(StepStatus.FAILED, r.status(failing).status());
        for (int i = Chains.FAILING + 1; i < Chains.LENGTH; i++) {
            assertEquals(StepStatus.SKIPPED, r.status("broken_" + i).status(), "broken_" + i);
            assertEquals(failing, r.status("broken_" + i).blamedStep());
        }
    }

    @Test
    void aSecondRunReusesEveryDoneStepWithoutRunningIt() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.OK, run(Trio.class, cache));
        List<String> started = startTimes(cache, "trio", "a", "b", "c");
        assertEquals(ExitCodes.OK, run(Trio.class, cache));
        assertEquals(started, startTimes(cache, "trio", "a", "b", "c"), "no step ran again");
    }

    @Test
    void untilHoldsAStepAndRerunForcesOneWithItsDownstream() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.OK, run(Trio.class, cache, "--until", "c"));
        StepStatus c = CacheReader.open(cache, "trio").status("c");
        assertEquals("held by --until c", c.reason());
        List<String> before = startTimes(cache, "trio", "a", "b");
        assertEquals(ExitCodes.OK, run(Trio.class, cache, "--rerun", "a"));
        List<String> after = startTimes(cache, "trio", "a", "b");
        assertNotEquals(before.get(0), after.get(0), "a was forced");
        assertEquals(before.get(1), after.get(1), "b is not downstream of a");
        assertEquals(1.125, CacheReader.open(cache, "trio").result("c"));
    }

    @Test
    void restartFailedRunsOnlyTheFailedAndSkippedStepsAndKeepsRetriedOnes() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.STEP_FAILED, run(Vintage.class, cache, "--until", "later"));
        CacheReader first = CacheReader.open(cache, "vintage");
        assertEquals(2, first.status("flaky").attempts().size(), "flaky was retried once");
        List<String> done = startTimes(cache, "vintage", "a", "b", "flaky");
        assertEquals(ExitCodes.OK, run(Vintage.class, cache, List.of("-Dphasor.test.vintage.fixed=yes"),
                "--restart-failed"));
        CacheReader r = CacheReader.open(cache, "vintage");
        assertEquals(42, r.result("after_boom"));
        assertEquals(StepStatus.State.PENDING, r.status("later").state(), "never ran: --restart-failed leaves it");
        assertEquals(done, startTimes(cache, "vintage", "a", "b", "flaky"));
    }

    @Test
    void updateAcceptsAChangedDefinitionAndRunsOnlyTheChangedStepAndItsDownstream() throws Exception {
        Path cache = work.resolve("cache");
        Path settings = work.resolve("evolving.properties");
        Evolving.write(settings, "scale", "1");
        List<String> evolving = List.of("-Dphasor.test.evolving=" + settings);
        assertEquals(ExitCodes.OK, run(Evolving.class, cache, evolving));
        List<String> before = startTimes(cache, "evolving", "base", "mid", "tail", "side", "flaky");
        Evolving.write(settings, "scale", "2");
        assertEquals(ExitCodes.CACHE, run(Evolving.class, cache, evolving), "a changed definition is refused");
        assertEquals(ExitCodes.OK, run(Evolving.class, cache, evolving, "--update"));
        List<String> after = startTimes(cache, "evolving", "base", "mid", "tail", "side", "flaky");
        for (int i = 0; i < 3; i++) {
            assertNotEquals(before.get(i), after.get(i), "base, mid and tail ran again");
        }
        assertEquals(before.subList(3, 5), after.subList(3, 5), "side and flaky were reused");
        assertEquals(Evolving.expectedTail(2), CacheReader.open(cache, "evolving").result("tail"));
    }

    @Test
    void aTreeStopsASerialAtItsFailureButNotItsParallelSiblingsNorANonStoppingSerial() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.STEP_FAILED, run(FailingTree.class, cache));
        CacheReader r = CacheReader.open(cache, "failing-tree");
        Map<String, Integer> codes = new TreeMap<>();
        r.statuses().forEach(st -> codes.put(st.step(), st.status()));
        assertEquals(Map.of("CI.Build", 0, "CI.Test.unit", 0, "CI.Test.broken", 1, "CI.Test.lint", 0, "CI.Deploy", 2,
                "Cleanup.first", 1, "Cleanup.tidy", 0, "Cleanup.report", 0), codes);
        assertEquals(42, r.result("CI.Test.unit"));
        assertEquals("tidy hello", ((ShellResult) r.result("Cleanup.tidy")).text(), "the root's env reaches the leaves");
        assertEquals("CI.Test.broken", r.status("CI.Deploy").blamedStep());
        assertEquals("upstream step 'CI.Test.broken' failed", r.status("CI.Deploy").reason());
        assertFalse(Instant.parse(r.status("Cleanup.tidy").started())
                .isBefore(Instant.parse(r.status("Cleanup.first").ended())), "a serial runs its children in order");
    }

    @Test
    void generatedStepsRunAndTheirFanInSeesThemAll() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.OK, run(Dynamic.class, cache));
        assertEquals(Dynamic.expectedTotal(6), CacheReader.open(cache, "dynamic").result("total"));
    }

    @Test
    void eagerStartsAStepWhileASlowStepOfThePreviousPhaseRunsAndBarriersDoNot() throws Exception {
        Path eager = work.resolve("eager");
        assertEquals(ExitCodes.OK, run(Skewed.class, eager, "--eager"));
        CacheReader e = CacheReader.open(eager, "skewed");
        assertEquals(5, e.result("join"));
        assertTrue(Instant.parse(e.status("after_fast").started()).isBefore(Instant.parse(e.status("slow").ended())),
                () -> "after_fast waited for slow: " + e.statuses());
        Path barrier = work.resolve("barrier");
        assertEquals(ExitCodes.OK, run(Skewed.class, barrier));
        CacheReader b = CacheReader.open(barrier, "skewed");
        assertFalse(Instant.parse(b.status("after_fast").started()).isBefore(Instant.parse(b.status("slow").ended())),
                () -> "the barrier let after_fast through: " + b.statuses());
    }

    @Test
    void aStepPastItsTimeoutIsStoppedAndARetriedStepKeepsItsAttempts() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.STEP_FAILED, run(Timeouts.class, cache));
        CacheReader r = CacheReader.open(cache, "timeouts");
        assertEquals("Timeout", r.status("hang").errorType(), () -> r.status("hang").toString());
        assertTrue(r.status("quick").isDone());
        assertEquals(StepStatus.SKIPPED, r.status("after_hang").status());
        assertEquals(2, r.result("retried"));
        assertEquals(2, r.status("retried").attempts().size());
        ShellProcesses.assertGone(cache.resolve("timeouts/hang.pids"));
    }

    @Test
    void resultFilesAreByteIdenticalToTheLocalBackends() throws Exception {
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.OK, run(Trio.class, cache));
        Path local = work.resolve("local");
        Phasor.runner().cache(local).threads(2).run(Trio.class);
        for (String step : List.of("a", "b", "c")) {
            assertArrayEquals(Files.readAllBytes(local.resolve("trio/" + step + ".step")),
                    Files.readAllBytes(cache.resolve("trio/" + step + ".step")), step);
        }
    }

    @Test
    void aWorkerKilledMidPhaseHasItsStepsRunAgainOnTheOthersAndTheRunCompletes() throws Exception {
        Path cache = work.resolve("cache");
        Path executions = work.resolve("executions");
        Killed killed = runKillingAWorker(cache, List.of("-Dphasor.test.executions=" + executions,
                "-Dphasor.test.phases=2", "-Dphasor.test.width=6", "-Dphasor.test.sleepMs=1500"));
        assertEquals(ExitCodes.OK, killed.exitCode(), "the run goes on without the killed worker");
        CacheReader r = CacheReader.open(cache, "sleepy");
        assertEquals(Sleepy.expectedLast(2, 6), r.result("last"));
        List<String> interrupted = pids(executions).entrySet().stream()
                .filter(e -> e.getValue().contains(killed.pid())).map(Map.Entry::getKey).toList();
        assertFalse(interrupted.isEmpty(), "a step had started in the killed process " + killed.pid());
        for (String step : interrupted) {
            assertTrue(r.status(step).isDone(), () -> step + ": " + r.status(step));
            List<Long> ranIn = pids(executions).get(step);
            assertTrue(ranIn.stream().anyMatch(pid -> pid != killed.pid()),
                    () -> step + " started in the killed process and nowhere else: " + ranIn);
        }
    }

    /**
     * Whether every worker of this backend writes in the cache with the run's {@code --cache-mode}: a worker in
     * another process must be told the mode when it builds its pipeline.
     */
    protected boolean workersTakeTheRunsCacheMode() {
        return true;
    }

    @Test
    void everyWorkerCreatesItsFilesWithTheRunsCacheMode() throws Exception {
        Assumptions.assumeTrue(workersTakeTheRunsCacheMode(), getClass().getSimpleName()
                + ": its workers are not told the run's --cache-mode yet");
        FileModes.assumeUnixModes(work);
        Path cache = work.resolve("cache");
        assertEquals(ExitCodes.OK, run(Diamond.class, cache, "--cache-mode", "private"));
        List<String> workers = CacheReader.open(cache, "diamond").statuses().stream().map(StepStatus::worker)
                .distinct().sorted().toList();
        Map<String, Integer> modes = FileModes.under(cache, dir -> false);
        try {
            FileModes.assertModes(cache, modes, 0600, 0700);
        } catch (AssertionError e) {
            throw new AssertionError("steps ran on " + workers + ": " + e.getMessage(), e);
        }
        assertTrue(modes.containsKey("diamond/total.step"), () -> FileModes.octalModes(modes).toString());
    }

    private static List<String> startTimes(Path cache, String pipeline, String... steps) {
        CacheReader r = CacheReader.open(cache, pipeline);
        return java.util.Arrays.stream(steps).map(s -> r.status(s).started()).toList();
    }
}
