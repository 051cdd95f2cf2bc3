package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.StatusJson;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Trio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: {@code status} answers with the cache's outcome as exit code and lists every step as JSON;
 * {@code result} reads several steps (or all) in one start; {@code plan} works from the cache alone.
 */
class StatusResultPlanTest {

    @TempDir
    Path tmp;

    private String cache() {
        return tmp.resolve("cache").toString();
    }

    private static Outcome phasor(String... args) {
        return InProcessCli.phasor(args);
    }

    @Test
    void statusExitCodeIsTheOutcomeOfTheCache() {
        phasor("run", Trio.class.getName(), "--cache", cache(), "-q");
        assertEquals(ExitCodes.OK, phasor("status", "--cache", cache()).code());
        phasor("run", Failing.class.getName(), "--cache", cache(), "-q");
        Outcome failed = phasor("status", "--cache", cache(), "--pipeline", "failing");
        assertEquals(ExitCodes.STEP_FAILED, failed.code(), failed::toString);
        // steps left pending on purpose (--until) are not a failure, as for run
        String held = tmp.resolve("held").toString();
        assertEquals(ExitCodes.OK, phasor("run", Trio.class.getName(), "--cache", held, "--until", "c", "-q").code());
        assertEquals(ExitCodes.OK, phasor("status", "--cache", held).code());
    }

    @Test
    void statusWarnsWhenOtherUsersCanWriteTheCacheAndNamesTheDirectory() throws Exception {
        phasor("run", Trio.class.getName(), "--cache", cache(), "-q");
        Path pipelineDir;
        try (var dirs = Files.list(tmp.resolve("cache"))) {
            pipelineDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Outcome quiet = phasor("status", "--cache", cache());
        assertFalse(quiet.err().contains("writable by other users"), quiet::toString);

        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(pipelineDir);
        Set<PosixFilePermission> open = EnumSet.copyOf(mode);
        open.add(PosixFilePermission.OTHERS_WRITE);
        Files.setPosixFilePermissions(pipelineDir, open);
        Outcome warned = phasor("status", "--cache", cache());
        assertEquals(ExitCodes.OK, warned.code(), "a warning, not a failure");
        assertTrue(warned.err().contains("phasor: warning: " + pipelineDir + " is writable by other users ("),
                warned::toString);
        assertTrue(warned.err().contains("chmod o-w " + pipelineDir), warned::toString);
        Files.setPosixFilePermissions(pipelineDir, mode);
    }

    @Test
    void statusJsonListsEveryStepsStateKeyWorkerAndTimes() {
        phasor("run", Failing.class.getName(), "--cache", cache(), "-q");
        Outcome o = phasor("status", "--cache", cache(), "--json");
        assertEquals(ExitCodes.STEP_FAILED, o.code(), o::toString);
        JsonNode report = StatusJson.parse(o.out());
        assertEquals("failing", report.get("pipeline").asText());
        assertEquals("failed", report.get("outcome").asText());
        JsonNode steps = report.get("steps");
        assertEquals(7, steps.size(), o.out());
        List<String> names = new ArrayList<>();
        for (JsonNode s : steps) {
            names.add(s.get("step").asText());
            assertEquals(64, s.get("key").asText().length(), s::toString);
            switch (s.get("state").asText()) {
                case "done", "failed" -> {
                    assertTrue(s.get("worker").asText().startsWith("local:"), s::toString);
                    assertTrue(s.hasNonNull("started") && s.hasNonNull("ended") && s.has("durationMs"), s::toString);
                }
                case "skipped" -> assertTrue(s.get("reason").asText().contains("'boom' failed"), s::toString);
                default -> throw new AssertionError("unexpected state: " + s);
            }
        }
        assertTrue(names.containsAll(List.of("boom", "ok_1", "mixed")), names::toString);
        JsonNode boom = steps.get(names.indexOf("boom"));
        assertTrue(boom.get("error").asText().contains("boom: this step always fails"), boom::toString);
    }

    @Test
    void resultReadsSeveralStepsOrAllInOneStartAsTextOrJson() {
        phasor("run", Trio.class.getName(), "--cache", cache(), "-q");
        Outcome text = phasor("result", "--cache", cache(), "a", "b", "c");
        assertEquals(ExitCodes.OK, text.code(), text::toString);
        assertEquals("a: 9\nb: 8\nc: 1.125\n", text.out());
        Outcome json = phasor("result", "--cache", cache(), "--all", "--json");
        assertEquals(ExitCodes.OK, json.code(), json::toString);
        JsonNode all = StatusJson.parse(json.out());
        assertEquals(9, all.get("a").asInt());
        assertEquals(8, all.get("b").asInt());
        assertEquals(1.125, all.get("c").asDouble());
        assertEquals(3, all.size());
        assertEquals("1.125\n", phasor("result", "--cache", cache(), "c").out()); // one step: its value alone
    }

    @Test
    void resultOfSeveralStepsPrintsWhatExistsAndNamesTheRestWithExitOne() {
        phasor("run", Failing.class.getName(), "--cache", cache(), "-q");
        Outcome o = phasor("result", "--cache", cache(), "--json", "ok_1", "boom", "ok_3");
        assertEquals(ExitCodes.STEP_FAILED, o.code(), o::toString);
        JsonNode values = StatusJson.parse(o.out());
        assertEquals(1, values.get("ok_1").asInt());
        assertEquals(3, values.get("ok_3").asInt());
        assertFalse(values.has("boom"), o.out());
        assertTrue(o.err().contains("step 'boom' failed"), o.err());
        Outcome neither = phasor("result", "--cache", cache());
        assertEquals(ExitCodes.USAGE, neither.code(), neither::toString);
        assertTrue(neither.err().contains("missing step"), neither.err());
    }

    @Test
    void planWithoutAClassShowsTheStoredPlanFromTheCache() {
        phasor("run", Failing.class.getName(), "--cache", cache(), "-q");
        Outcome o = phasor("plan", "--cache", cache());
        assertEquals(ExitCodes.OK, o.code(), o::toString);
        assertTrue(o.out().startsWith("pipeline failing: 7 steps in 3 phases"), o.out());
        assertTrue(o.out().contains("phase 0\n"), o.out());
        assertTrue(o.out().contains("  cached   ok_1\n"), o.out());
        assertTrue(o.out().contains("  run      boom\n"), o.out());
        assertTrue(o.out().contains("  run      mixed <- ok_1, boom\n"), o.out());
        assertTrue(o.out().contains("  cached   ok_2 <- ok_1\n"), o.out());
        Outcome withClass = phasor("plan", Failing.class.getName(), "--cache", cache());
        for (String line : List.of("  cached   ok_1", "  run      boom", "  cached   ok_3 <- ok_2")) {
            assertTrue(withClass.out().contains(line), withClass.out());
        }
    }
}
