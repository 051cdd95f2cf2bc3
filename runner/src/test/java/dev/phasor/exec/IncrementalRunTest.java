package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.support.StatusJson;
import dev.phasor.testkit.Evolving;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 1, on the local backend: {@code --update} accepts a changed definition, {@code --rerun}
 * forces steps and their downstream, {@code --restart-failed} runs only failed and skipped steps,
 * {@code --until} leaves steps and their downstream pending. Each in both scheduling modes where it matters.
 */
class IncrementalRunTest {

    @TempDir
    Path tmp;

    private Path settings;
    private Path cache;

    @BeforeEach
    void setUp() throws Exception {
        settings = tmp.resolve("evolving.properties");
        cache = tmp.resolve("cache");
        Evolving.write(settings, "scale", "1");
        System.setProperty("phasor.test.evolving", settings.toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("phasor.test.evolving");
    }

    private RunReport run(RunOptions options) {
        return Phasor.runner().cache(cache).threads(2).options(options).run(Evolving.class);
    }

    private static Map<String, String> runColumn(RunReport r) {
        Map<String, String> m = new LinkedHashMap<>();
        r.statuses().forEach(s -> m.put(s.step(), s.run()));
        return m;
    }

    private static Map<String, String> expect(String... stepRun) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < stepRun.length; i += 2) {
            m.put(stepRun[i], stepRun[i + 1]);
        }
        return m;
    }

    @Test
    void updateRunsTheChangedStepAndItsDownstreamAndReusesTheRest() throws Exception {
        assertEquals(5, run(RunOptions.defaults()).executed());
        Evolving.write(settings, "scale", "2");

        SchemaConflictException refused = assertThrows(SchemaConflictException.class, () -> run(RunOptions.defaults()));
        assertTrue(refused.getMessage().contains("step 'base' changed: its parameters {\"scale\":1} -> {\"scale\":2}"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("--update"), refused.getMessage());

        for (boolean eager : new boolean[] {false, true}) {
            RunReport updated = run(RunOptions.defaults().withUpdate(true).withEager(eager));
            assertEquals(0, updated.exitCode());
            Map<String, String> expected = eager
                    ? expect("base", "cached", "side", "cached", "mid", "cached", "flaky", "cached", "tail", "cached")
                    : expect("base", "ran", "side", "cached", "mid", "ran", "flaky", "cached", "tail", "ran");
            assertEquals(expected, runColumn(updated), "eager=" + eager + " (the second update has nothing to do)");
            assertEquals(Evolving.expectedTail(2), updated.result("tail"));
        }
        RunReport plain = run(RunOptions.defaults());
        assertEquals(0, plain.executed(), "the schema was rewritten: a plain run now resumes");
        assertEquals(Evolving.expectedTail(2), CacheReader.open(cache, "evolving").result("tail"));
    }

    @Test
    void updateWithAnAddedStepRunsOnlyThatStep() throws Exception {
        run(RunOptions.defaults());
        Evolving.write(settings, "scale", "1", "extra", "true");
        RunReport r = run(RunOptions.defaults().withUpdate(true));
        assertEquals(1, r.executed());
        assertEquals("ran", r.status("extra").run());
        assertEquals(1100, r.result("extra"));
    }

    @Test
    void updateMovesTheFilesOfARemovedStepAsideAndForgetsIt() throws Exception {
        RunReport first = run(RunOptions.defaults());
        Path dir = first.layout().dir();
        assertTrue(Files.exists(dir.resolve("tail.step")));
        Evolving.write(settings, "scale", "1", "drop_tail", "true");

        RunReport r = run(RunOptions.defaults().withUpdate(true));

        assertEquals(List.of("tail"), r.removedSteps());
        assertEquals(0, r.executed());
        assertFalse(Files.exists(dir.resolve("tail.step")));
        assertFalse(Files.exists(dir.resolve("tail.status")));
        assertTrue(Files.exists(dir.resolve("removed/tail.step")), "kept aside, not deleted");
        assertTrue(Files.exists(dir.resolve("removed/tail.status")));
        CacheReader reader = CacheReader.open(cache, "evolving");
        assertEquals(4, reader.statuses().size());
        assertFalse(Files.readString(dir.resolve("pipeline.summary")).contains("tail"));
    }

    @Test
    void rerunForcesTheNamedStepsAndTheirDownstream() {
        run(RunOptions.defaults());
        RunReport r = run(RunOptions.defaults().withRerun(List.of("mid")));
        assertEquals(expect("base", "cached", "side", "cached", "mid", "ran", "flaky", "cached", "tail", "ran"),
                runColumn(r));
        RunReport glob = run(RunOptions.defaults().withRerun(List.of("s*", "b?se")).withEager(true));
        assertEquals(expect("base", "ran", "side", "ran", "mid", "ran", "flaky", "ran", "tail", "ran"), runColumn(glob));
        assertEquals(Evolving.expectedTail(1), glob.result("tail"));
    }

    @Test
    void aPatternThatMatchesNoStepIsRefusedBeforeAnythingRuns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(RunOptions.defaults().withRerun(List.of("nope*"))));
        assertTrue(e.getMessage().startsWith("--rerun nope* matches no step of pipeline 'evolving' (steps: base,"),
                e.getMessage());
        assertFalse(Files.exists(cache.resolve("evolving/base.step")));
        assertThrows(IllegalArgumentException.class, () -> run(RunOptions.defaults().withUntil(List.of("zz"))));
    }

    @Test
    void untilLeavesTheMatchingStepsAndTheirDownstreamPendingAndSucceeds() {
        for (boolean eager : new boolean[] {false, true}) {
            cache = tmp.resolve("until-" + eager);
            RunReport r = run(RunOptions.defaults().withUntil(List.of("mid")).withEager(eager));
            assertEquals(0, r.exitCode(), "nothing failed");
            assertEquals(2, r.held());
            for (String held : List.of("mid", "tail")) {
                StepStatus s = r.status(held);
                assertEquals(StepStatus.UNFINISHED, s.status(), held);
                assertEquals(StepStatus.State.PENDING, s.state());
                assertEquals("not run", s.run());
                assertEquals("pending", StatusJson.read(r.layout().statusFile(held)).get("state").asText());
                assertFalse(Files.exists(r.layout().resultFile(held)));
            }
            assertEquals("held by --until mid", r.status("mid").reason());
            assertTrue(r.status("flaky").isDone() && r.status("base").isDone());

            RunReport rest = run(RunOptions.defaults().withEager(eager));
            assertEquals(expect("base", "cached", "side", "cached", "mid", "ran", "flaky", "cached", "tail", "ran"),
                    runColumn(rest));
        }
    }

    @Test
    void restartFailedRunsTheFailedStepAndItsSkippedDownstreamOnly() throws Exception {
        Evolving.write(settings, "scale", "1", "fail", "true");
        RunReport first = run(RunOptions.defaults());
        assertEquals(1, first.exitCode());
        assertEquals(StepStatus.FAILED, first.status("flaky").status());
        assertEquals(StepStatus.SKIPPED, first.status("tail").status());

        Evolving.write(settings, "scale", "1", "fail", "false"); // the key does not depend on it
        RunReport again = run(RunOptions.defaults().withRestartFailed(true).withEager(true));

        assertEquals(expect("base", "cached", "side", "cached", "mid", "cached", "flaky", "ran", "tail", "ran"),
                runColumn(again));
        assertEquals(Evolving.expectedTail(1), again.result("tail"));
    }

    @Test
    void restartFailedLeavesStepsThatNeverRanPending() throws Exception {
        Evolving.write(settings, "scale", "1", "fail", "true");
        RunReport first = run(RunOptions.defaults().withUntil(List.of("mid")));
        assertEquals(1, first.exitCode());
        assertEquals(StepStatus.FAILED, first.status("flaky").status());
        assertEquals("not run", first.status("mid").run());
        assertEquals("not run", first.status("tail").run(), "--until holds tail even though flaky failed");

        Evolving.write(settings, "scale", "1", "fail", "false");
        RunReport again = run(RunOptions.defaults().withRestartFailed(true));

        assertEquals(expect("base", "cached", "side", "cached", "mid", "not run", "flaky", "ran", "tail", "not run"),
                runColumn(again), "mid never ran, so it stays pending, and tail waits for it");
        assertEquals(0, again.exitCode());
        assertEquals("not run: --restart-failed runs only failed and skipped steps", again.status("mid").reason());
        assertEquals("not run: upstream step 'mid' is pending", again.status("tail").reason());
        assertEquals(Evolving.expectedTail(1), run(RunOptions.defaults()).result("tail"));
    }
}
