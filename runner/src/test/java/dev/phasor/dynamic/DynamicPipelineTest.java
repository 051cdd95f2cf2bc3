package dev.phasor.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.Step;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunReport;
import dev.phasor.exec.StepReport;
import dev.phasor.internal.Json;
import dev.phasor.transport.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generator's result expands into steps planned into later phases, recorded, cached and resumed. */
class DynamicPipelineTest {

    @TempDir
    Path cache;

    static List<Integer> numbers(Params p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= p.getInt("n"); i++) {
            out.add(i);
        }
        return out;
    }

    static List<Integer> broken() {
        throw new IllegalStateException("no numbers today");
    }

    static int square(Params p) {
        return p.getInt("x") * p.getInt("x");
    }

    static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    /** generate -> square.1..n (generated) -> total (fan-in over square.*), plus a static step. */
    static Pipeline squares(int n) {
        PipelineBuilder p = Pipeline.builder("squares");
        Step<List<Integer>> generate = p.step("generate", Params.of("n", n), DynamicPipelineTest::numbers);
        p.step("static", () -> 100);
        p.expand(generate, (List<Integer> xs, dev.phasor.api.Expansion into) -> {
            for (int x : xs) {
                into.step("square." + x, Params.of("x", x), DynamicPipelineTest::square);
            }
        });
        p.stepAllMatching("total", "square.*", DynamicPipelineTest::sum);
        return p.build();
    }

    static int writeNested() throws java.io.IOException {
        Path dir = dev.phasor.api.StepContext.current().outputDir();
        Files.createDirectories(dir.resolve("deep/er"));
        Files.writeString(dir.resolve("top.txt"), "1");
        Files.writeString(dir.resolve("deep/er/low.txt"), "22");
        return 2;
    }

    static int readLength(Params p) throws java.io.IOException {
        Path pipelineDir = dev.phasor.api.StepContext.current().pipelineDir();
        return Files.readString(pipelineDir.resolve(p.getString("file"))).length();
    }

    /** write -> read.<relative path> per text file at any depth, each reading its file by its cache path. */
    static Pipeline nestedFiles() {
        PipelineBuilder p = Pipeline.builder("nested");
        Step<Integer> write = p.step("write", DynamicPipelineTest::writeNested);
        p.forEachFile(write, dev.phasor.api.FileSet.glob("*.txt"), (file, into) ->
                into.step("read." + file.relative().toString().replace('/', '_'), Params.of("file", file.cachePath()),
                        DynamicPipelineTest::readLength));
        return p.build();
    }

    @Test
    void aFileFanOutSeesNestedFilesByTheirRelativePathAndItsKeysDoNotDependOnWhereTheCacheLives() {
        RunReport here = Phasor.runner().cache(cache.resolve("here")).run(nestedFiles());
        RunReport there = Phasor.runner().cache(cache.resolve("elsewhere/there")).run(nestedFiles());

        assertEquals(0, here.exitCode(), here::summary);
        assertEquals(1, (int) here.result("read.top.txt"));
        assertEquals(2, (int) here.result("read.deep_er_low.txt"));
        for (String step : List.of("read.top.txt", "read.deep_er_low.txt")) {
            assertEquals(here.status(step).key(), there.status(step).key(), step);
        }
    }

    @Test
    void anEagerRunExpandsAsABarrierRunDoesAndResumesFromTheSameCache() {
        RunReport eager = Phasor.runner().cache(cache.resolve("eager")).threads(2).eager(true).run(squares(5));
        RunReport barrier = Phasor.runner().cache(cache.resolve("barrier")).threads(2).run(squares(5));

        assertEquals(0, eager.exitCode(), eager::summary);
        assertEquals(1 + 4 + 9 + 16 + 25, (int) eager.result("total"));
        for (StepStatus s : barrier.statuses()) {
            assertEquals(s.status(), eager.status(s.step()).status(), s.step());
            assertEquals(s.phase(), eager.status(s.step()).phase(), s.step());
            assertEquals(s.key(), eager.status(s.step()).key(), s.step());
        }
        assertEquals(barrier.statuses().size(), eager.statuses().size());

        RunReport resumed = Phasor.runner().cache(cache.resolve("eager")).threads(2).eager(true).run(squares(5));
        assertTrue(resumed.statuses().stream().allMatch(s -> "cached".equals(s.run())), resumed::summary);
        assertEquals(55, (int) resumed.result("total"));
    }

    @Test
    void generatedStepsRunInLaterPhasesAndTheFanInSumsThem() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(squares(4));

        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(1 + 4 + 9 + 16, (int) report.result("total"));
        assertEquals(9, (int) report.result("square.3"));
        assertEquals(0, report.status("generate").phase());
        assertEquals(1, report.status("square.1").phase());
        assertEquals(2, report.status("total").phase());
        assertEquals(7, report.statuses().size());
    }

    @Test
    void theSchemaRecordsTheExpansionsOutsideTheDigestAndAColdReaderSeesThem() throws Exception {
        Phasor.runner().cache(cache).run(squares(3));

        JsonNode schema = Json.PRETTY.readTree(Files.readAllBytes(cache.resolve("squares/pipeline.schema")));
        JsonNode expansions = schema.get("expansions");
        assertEquals("generate", expansions.get(0).get("generator").asText());
        assertEquals(1, expansions.get(0).get("phases").get(0).get("phase").asInt());
        assertEquals(3, expansions.get(0).get("phases").get(0).get("steps").size());
        assertEquals("fan-in", expansions.get(1).get("generator").asText());
        assertEquals("total", expansions.get(1).get("phases").get(0).get("steps").get(0).get("name").asText());
        assertEquals(1, schema.get("phases").size(), "the defined part: generate and static, both in phase 0");
        assertEquals(2, schema.get("phases").get(0).get("steps").size());
        CacheReader reader = CacheReader.open(cache, "squares");
        assertEquals(14, reader.result("total"));
        assertEquals(4, reader.result("square.2"));
        assertEquals(6, reader.statuses().size());
    }

    @Test
    void aRerunResumesEveryGeneratedStepFromTheCache() {
        Phasor.runner().cache(cache).run(squares(3));
        RunReport again = Phasor.runner().cache(cache).run(squares(3));

        assertEquals(0, again.exitCode(), again::summary);
        for (StepStatus s : again.statuses()) {
            assertEquals("cached", s.run(), s.step());
        }
        assertEquals(14, (int) again.result("total"));
    }

    @Test
    void aRerunAfterALostGeneratedResultRunsOnlyThatStep() throws Exception {
        Phasor.runner().cache(cache).run(squares(3));
        Files.delete(cache.resolve("squares/square.2.step"));

        RunReport again = Phasor.runner().cache(cache).run(squares(3));

        assertEquals("ran", again.status("square.2").run());
        assertEquals("cached", again.status("square.1").run());
        assertEquals("cached", again.status("generate").run());
        assertEquals(14, (int) again.result("total"));
    }

    @Test
    void aFailedGeneratorHasNoExpansionAndItsFanInIsSkipped() {
        PipelineBuilder p = Pipeline.builder("broken");
        Step<List<Integer>> generate = p.step("generate", DynamicPipelineTest::broken);
        p.step("independent", () -> 1);
        p.expand(generate, (List<Integer> xs, dev.phasor.api.Expansion into) -> into.step("never", () -> 0));
        p.stepAllMatching("total", "square.*", DynamicPipelineTest::sum);

        RunReport report = Phasor.runner().cache(cache).run(p.build());

        assertEquals(1, report.exitCode());
        assertEquals(StepStatus.FAILED, report.status("generate").status());
        assertEquals(StepStatus.DONE, report.status("independent").status());
        assertEquals(StepStatus.SKIPPED, report.status("total").status());
        assertEquals("generate", report.status("total").blamedStep());
        assertFalse(report.statuses().stream().anyMatch(s -> s.step().equals("never")));
    }

    @Test
    void expansionsArePureFunctionsOfTheirData() {
        Pipeline base = squares(2);
        Pipeline one = base.expanded(java.util.Map.of("generate", List.of(5, 6)), true);
        Pipeline two = base.expanded(java.util.Map.of("generate", List.of(5, 6)), true);

        assertEquals(one.steps().stream().map(s -> s.name()).toList(), two.steps().stream().map(s -> s.name()).toList());
        assertEquals(List.of("generate", "static", "square.5", "square.6", "total"),
                one.steps().stream().map(s -> s.name()).toList());
        assertEquals(List.of("square.5", "square.6"), one.step("total").inputs());
        assertEquals(List.of("generate"), one.step("total").after());
        assertEquals(List.of("generate"), one.step("square.5").after());
        assertTrue(base.isDynamic());
        assertEquals(List.of("generate", "static"), base.steps().stream().map(s -> s.name()).toList());
    }

    @Test
    void aWorkerFindsAGeneratedStepFromTheCachedGeneratorResultOrFailsItSayingWhy() {
        Phasor.runner().cache(cache).run(squares(3));
        PreparedPipeline worker = PreparedPipeline.prepare(squares(3), getClass().getClassLoader(), cache);
        assertFalse(worker.pipeline().hasStep("square.2"), "a worker starts from the defined steps");

        assertEquals("square.2", worker.step("square.2").name());
        assertEquals(Phasor.runner().cache(cache).run(squares(3)).status("square.2").key(), worker.key("square.2"));

        PreparedPipeline stranger = PreparedPipeline.prepare(squares(3), getClass().getClassLoader(),
                cache.resolve("elsewhere"));
        Order order = new Order("square.2", 1);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> stranger.executor().execute(order, "test"));
        assertTrue(unknown.getMessage().contains("has no step 'square.2' here, even after expanding"), unknown.getMessage());
        StepReport report = stranger.executor().failure(order, "test", unknown);
        assertEquals(StepStatus.FAILED, report.status().status());
        assertEquals("square.2", report.status().step());
    }

    @Test
    void aGeneratedStepClashingWithADefinedOneAbortsTheRunNamingIt() {
        PipelineBuilder p = Pipeline.builder("clash");
        Step<List<Integer>> generate = p.step("generate", Params.of("n", 1), DynamicPipelineTest::numbers);
        p.step("square.1", () -> 1);
        p.expand(generate, (List<Integer> xs, dev.phasor.api.Expansion into) -> {
            for (int x : xs) {
                into.step("square." + x, Params.of("x", x), DynamicPipelineTest::square);
            }
        });

        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
                () -> Phasor.runner().cache(cache).run(p.build()));

        assertTrue(e.getMessage().startsWith("expansion of 'generate': duplicate step name 'square.1'"), e.getMessage());
        assertEquals(1, CacheReader.open(cache, "clash").result("square.1"), "finished results are kept");
    }
}
