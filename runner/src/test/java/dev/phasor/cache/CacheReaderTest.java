package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasor.Phasor;
import dev.phasor.api.CacheAccessException;
import dev.phasor.api.PhasorException;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.JavaProcess;
import dev.phasor.support.StatusJson;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.Trio;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 8: results read back cold from the cache directory, without the pipeline object. */
class CacheReaderTest {

    @TempDir
    Path cache;

    @Test
    void coldReaderReadsResultsAndStatusesWithoutThePipeline() {
        Phasor.runner().cache(cache).run(Trio.class);
        CacheReader reader = CacheReader.open(cache, "trio");
        assertEquals(List.of("a", "b", "c"), reader.steps());
        assertEquals(9, reader.result("a"));
        assertEquals(1.125, reader.result("c", Double.class));
        assertEquals(StepStatus.DONE, reader.status("c").status());
        assertEquals(1, reader.status("c").phase());
        assertTrue(reader.summary().contains("steps 3: 3 done, 0 failed, 0 skipped, 0 not run"), reader.summary());
    }

    @Test
    void pipelineNameMayBeLeftOutWhenTheCacheHoldsOnlyOne() {
        Phasor.runner().cache(cache).run(Trio.class);
        assertEquals(1.125, CacheReader.open(cache, null).result("c"));
        Phasor.runner().cache(cache).run(Failing.class);
        assertEquals(List.of("failing", "trio"), CacheReader.pipelines(cache));
        // a choice the user must make or got wrong: usage errors (exit 2), not unusable caches (3)
        PhasorException several = assertThrows(PhasorException.class, () -> CacheReader.open(cache, null));
        assertTrue(several.getMessage().contains("[failing, trio]"), several.getMessage());
        assertEquals(ExitCodes.USAGE, ExitCodes.of(several));
        PhasorException missing = assertThrows(PhasorException.class, () -> CacheReader.open(cache, "nosuch"));
        assertEquals(ExitCodes.USAGE, ExitCodes.of(missing));
        assertTrue(missing.getMessage().contains("no pipeline 'nosuch'"), missing.getMessage());
        assertTrue(missing.getMessage().contains("failing"), "lists the pipelines there: " + missing.getMessage());
    }

    @Test
    void failedSkippedAndUnknownStepsSayWhich() {
        Phasor.runner().cache(cache).run(Failing.class);
        CacheReader reader = CacheReader.open(cache, "failing");
        ResultUnavailableException failed = assertThrows(ResultUnavailableException.class, () -> reader.result("boom"));
        assertEquals("step 'boom' failed: java.lang.IllegalStateException: boom: this step always fails",
                failed.getMessage());
        ResultUnavailableException skipped = assertThrows(ResultUnavailableException.class,
                () -> reader.result("after_after"));
        assertTrue(skipped.getMessage().startsWith("step 'after_after' was skipped"), skipped.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> reader.result("nope"));
        assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
        assertEquals(3, reader.result("ok_3"));
    }

    @Test
    void stepThatNeverRanIsPendingAndHasNoResult() {
        CacheLayout layout = new CacheLayout(cache, "trio");
        layout.create();
        Pipeline trio = new Trio().define();
        dev.phasor.exec.PreparedPipeline prepared = dev.phasor.exec.PreparedPipeline.prepare(trio,
                getClass().getClassLoader(), cache);
        SchemaFile.verifyOrWrite(layout, prepared.schema());
        CacheReader reader = CacheReader.open(cache, "trio");
        assertEquals(StepStatus.State.PENDING, reader.status("a").state());
        ResultUnavailableException e = assertThrows(ResultUnavailableException.class, () -> reader.result("a"));
        assertTrue(e.getMessage().contains("no result yet"), e.getMessage());
    }

    /** A result type of the pipeline's own. */
    public record Pair(String left, int right) {
    }

    @Test
    void statusNeedsNoResultTypesButResultNamesTheMissingOne() {
        PipelineBuilder p = Pipeline.builder("typed");
        p.register(Pair.class);
        p.step("pair", () -> new Pair("l", 1));
        Phasor.runner().cache(cache).run(p.build());
        assertEquals(new Pair("l", 1), CacheReader.open(cache, "typed").result("pair"));

        // A reader whose class loader cannot see Pair (like `phasor status` without --classpath).
        CacheReader blind = CacheReader.open(cache, "typed", ClassLoader.getPlatformClassLoader());
        assertEquals(StepStatus.DONE, blind.status("pair").status());
        assertTrue(blind.summary().contains("1 done"), blind.summary());
        CacheAccessException e = assertThrows(CacheAccessException.class, () -> blind.result("pair"));
        assertTrue(e.getMessage().contains(Pair.class.getName()) && e.getMessage().contains("--classpath"),
                e.getMessage());
    }

    // --- cold reads in another JVM, through the CLI ---

    private JavaProcess.Outcome result(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "result";
        all[1] = "--cache";
        all[2] = cache.toString();
        all[3] = "--pipeline";
        all[4] = "failing";
        System.arraycopy(args, 0, all, 5, args.length);
        return JavaProcess.run(cache, 60, "dev.phasor.cli.Main", all);
    }

    @Test
    void anotherJvmReadsResultsAndExplainsMissingOnes() {
        Phasor.runner().cache(cache).run(Failing.class);

        JavaProcess.Outcome ok = result("ok_3");
        assertEquals(ExitCodes.OK, ok.exitCode(), ok::toString);
        assertEquals("3", ok.out().strip());

        JavaProcess.Outcome json = result("--json", "ok_3");
        assertEquals(ExitCodes.OK, json.exitCode(), json::toString);
        JsonNode node = StatusJson.parse(json.out());
        assertEquals(3, node.asInt());

        JavaProcess.Outcome failed = result("boom");
        assertEquals(ExitCodes.STEP_FAILED, failed.exitCode(), failed::toString);
        assertTrue(failed.err().contains("step 'boom' failed: java.lang.IllegalStateException"), failed::toString);

        JavaProcess.Outcome skipped = result("after_boom");
        assertEquals(ExitCodes.STEP_FAILED, skipped.exitCode(), skipped::toString);
        assertTrue(skipped.err().contains("skipped") && skipped.err().contains("'boom'"), skipped::toString);

        JavaProcess.Outcome missing = result("no_such_step");
        assertEquals(ExitCodes.USAGE, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("no step 'no_such_step'"), missing::toString);
    }

    @Test
    void statusFileIsPlainJson() {
        Phasor.runner().cache(cache).run(Trio.class);
        JsonNode c = StatusJson.read(new CacheLayout(cache, "trio").statusFile("c"));
        for (String field : List.of("step", "phase", "status", "state", "key", "run", "started", "ended", "durationMs",
                "worker", "host", "attempt", "resultBytes")) {
            assertTrue(c.has(field), () -> field + " missing in " + c);
        }
        assertEquals(Map.of("step", "c", "state", "done", "run", "ran"), Map.of("step", c.get("step").asText(),
                "state", c.get("state").asText(), "run", c.get("run").asText()));
    }
}
