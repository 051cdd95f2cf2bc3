package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import dev.phasor.api.StepFn1;
import dev.phasor.cache.StepStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 2: what a pipeline author writes, run on the local backend. */
class PipelineApiTest {

    @TempDir
    Path cache;

    private RunReport run(PipelineBuilder p) {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(p.build());
        assertEquals(0, report.exitCode(), report::summary);
        return report;
    }

    @Test
    void inputsArriveInOrderAndParamsComeFirst() {
        PipelineBuilder p = Pipeline.builder("inputs");
        Step<String> a = p.step("a", () -> "A");
        Step<String> b = p.step("b", () -> "B");
        Step<String> c = p.step("c", () -> "C");
        Step<String> two = p.step("two", b, a, (x, y) -> x + y);
        Step<String> three = p.step("three", c, a, b, (x, y, z) -> x + y + z);
        Step<String> withParams = p.step("with_params", Params.of("sep", "-"), a, b,
                (ps, x, y) -> x + ps.getString("sep") + y);
        RunReport report = run(p);
        assertEquals("BA", report.result(two));
        assertEquals("CAB", report.result(three));
        assertEquals("A-B", report.result(withParams));
    }

    @Test
    void fanInReceivesEveryResultInTheOrderOfTheHandles() {
        PipelineBuilder p = Pipeline.builder("fanin");
        List<Step<Integer>> parts = new ArrayList<>();
        for (int i = 5; i >= 0; i--) {
            parts.add(p.step("part_" + i, Params.of("i", i), ps -> ps.getInt("i") * 10));
        }
        Step<List<Integer>> all = p.stepAll("all", parts, xs -> new ArrayList<>(xs));
        Step<Integer> weighted = p.stepAll("weighted", Params.of("w", 2), parts,
                (ps, xs) -> xs.stream().mapToInt(Integer::intValue).sum() * ps.getInt("w"));
        RunReport report = run(p);
        assertEquals(List.of(50, 40, 30, 20, 10, 0), report.result(all));
        assertEquals(300, report.result(weighted));
    }

    @Test
    void orderOnlyDependencyRunsFirstWithoutPassingItsResult() {
        PipelineBuilder p = Pipeline.builder("after");
        Step<Path> write = p.step("write", () -> {
            Path f = StepContext.current().pipelineDir().resolve("files").resolve("shared.txt");
            java.nio.file.Files.createDirectories(f.getParent());
            java.nio.file.Files.writeString(f, "written first");
            return f;
        });
        Step<String> read = p.step("read", () -> java.nio.file.Files.readString(
                StepContext.current().pipelineDir().resolve("files").resolve("shared.txt"))).after(write);
        RunReport report = run(p);
        assertEquals("written first", report.result(read));
        assertEquals(1, report.status("read").phase());
    }

    @Test
    void shellStepsGetPipelineEnvironmentStepOverridesAndTheirInputs() {
        PipelineBuilder p = Pipeline.builder("shellenv");
        p.env("GREETING", "hello").env("NAME", "nobody");
        Step<Integer> number = p.step("number", () -> 42);
        Step<List<String>> lines = p.step("lines", () -> List.of("x", "y"));
        Step<ShellResult> greet = p.shell("greet", "echo \"$GREETING $NAME\"").env("NAME", "world");
        Step<ShellResult> plain = p.shell("plain", "echo \"$GREETING $NAME\"");
        Step<ShellResult> inputs = p.shell("inputs",
                "echo \"$PHASOR_STEP $PHASOR_INPUT_0 $PHASOR_INPUT_NUMBER $PHASOR_INPUT_GREET\"; "
                        + "echo \"$PHASOR_INPUT_LINES\" | wc -l; test -d \"$PHASOR_CACHE_DIR\" && echo has-cache-dir",
                number, greet, lines);
        Pipeline pipeline = p.build();
        assertEquals(Map.of("GREETING", "hello", "NAME", "world"), pipeline.step("greet").env());
        RunReport report = Phasor.runner().cache(cache).run(pipeline);
        assertEquals("hello world", report.result(greet).text());
        assertEquals("hello nobody", report.result(plain).text());
        List<String> out = report.result(inputs).text().lines().map(String::strip).toList();
        assertEquals(List.of("inputs 42 42 hello world", "2", "has-cache-dir"), out);
        assertEquals(0, report.result(inputs).exitCode());
        assertEquals("hello world\n", report.result(greet).stdout());
    }

    @Test
    void shellResultFeedsAJavaStep() {
        PipelineBuilder p = Pipeline.builder("shell2java");
        Step<ShellResult> seq = p.shell("seq", "seq 1 4");
        Step<Integer> sum = p.step("sum", seq, r -> r.text().lines().mapToInt(Integer::parseInt).sum());
        assertEquals(10, run(p).result(sum));
    }

    /** A step function written as a named class instead of a lambda. */
    static final class Doubler implements StepFn1<Integer, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer apply(Integer x) {
            return x * 2;
        }
    }

    @Test
    void namedClassesWorkAsStepFunctions() {
        PipelineBuilder p = Pipeline.builder("named");
        Step<Integer> one = p.step("one", () -> 21);
        Step<Integer> doubled = p.step("doubled", one, new Doubler());
        Pipeline pipeline = p.build();
        assertTrue(pipeline.step("doubled").code().description().contains("Doubler"),
                pipeline.step("doubled").code().description());
        assertEquals(42, Phasor.runner().cache(cache).run(pipeline).result(doubled));
    }

    @Test
    void stepContextIsOnlyAvailableInsideAStep() {
        assertThrows(IllegalStateException.class, StepContext::current);
        PipelineBuilder p = Pipeline.builder("context");
        Step<String> name = p.step("who_am_i", () -> StepContext.current().step() + "@"
                + StepContext.current().attempt());
        assertEquals("who_am_i@1", run(p).result(name));
        assertThrows(IllegalStateException.class, StepContext::current);
    }

    @Test
    void nullResultIsAValidResult() {
        PipelineBuilder p = Pipeline.builder("nulls");
        Step<String> nothing = p.step("nothing", () -> null);
        Step<Boolean> isNull = p.step("is_null", nothing, x -> x == null);
        RunReport report = run(p);
        assertEquals(null, report.result(nothing));
        assertEquals(true, report.result(isNull));
        assertEquals(StepStatus.DONE, report.status("nothing").status());
    }

    @Test
    void paramsGettersConvertAndExplainMistakes() {
        Params ps = Params.of("i", 3, "l", 4L, "d", 2.5, "s", "text", "b", true);
        assertEquals(3, ps.getInt("i"));
        assertEquals(4L, ps.getLong("l"));
        assertEquals(2.5, ps.getDouble("d"));
        assertEquals(3.0, ps.getDouble("i"));
        assertEquals("text", ps.getString("s"));
        assertTrue(ps.getBoolean("b"));
        assertEquals("fallback", ps.getOrDefault("missing", "fallback"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ps.getInt("nope"));
        assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> ps.getInt("s"));
        assertTrue(wrongType.getMessage().contains("'s'"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Params.of("odd"));
        assertThrows(IllegalArgumentException.class, () -> Params.of("x", 1, "x", 2));
        assertThrows(UnsupportedOperationException.class, () -> ps.asMap().put("z", 1));
        assertEquals(Params.of("a", 1, "b", 2), Params.of("a", 1, "b", 2));
    }
}
