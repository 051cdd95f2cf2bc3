package dev.phasor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 2, point 3: every definition error is thrown by build() or the builder, naming the offending step. */
class DefinitionErrorsTest {

    private static void assertMentions(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention " + part);
        }
    }

    static int square(Params p) {
        return p.getInt("x") * p.getInt("x");
    }

    @Test
    void duplicateStepNameIsRefusedNamingTheStep() {
        PipelineBuilder p = Pipeline.builder("dup");
        p.step("alpha", () -> 1);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, () -> p.step("alpha", () -> 2));
        assertMentions(e, "duplicate step name 'alpha'", "'dup'");
    }

    @Test
    void sameFunctionTwiceWithDifferentParamsUnderOneNameIsADuplicate() {
        PipelineBuilder p = Pipeline.builder("dup2");
        p.step("square", Params.of("x", 2), DefinitionErrorsTest::square);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
                () -> p.step("square", Params.of("x", 3), DefinitionErrorsTest::square));
        assertMentions(e, "duplicate step name 'square'", "{x=2}", "square_2");
    }

    @Test
    void sameFunctionUnderTwoNamesIsAnAlias() {
        PipelineBuilder p = Pipeline.builder("alias");
        p.step("square_2", Params.of("x", 2), DefinitionErrorsTest::square);
        p.step("square_3", Params.of("x", 3), DefinitionErrorsTest::square);
        Pipeline pipeline = p.build();
        assertEquals(pipeline.step("square_2").code().description(), pipeline.step("square_3").code().description());
    }

    @Test
    void duplicateShellStepNameIsRefused() {
        PipelineBuilder p = Pipeline.builder("dup3");
        p.step("x", () -> 1);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, () -> p.shell("x", "true"));
        assertMentions(e, "'x'");
    }

    @Test
    void unknownUpstreamByNameIsRefusedNamingBothSteps() {
        PipelineBuilder p = Pipeline.builder("unknown");
        p.step("known", () -> 1).after("nope");
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertMentions(e, "step 'known'", "unknown step 'nope'");
    }

    @Test
    void unknownUpstreamDifferingOnlyInCaseGetsASuggestion() {
        PipelineBuilder p = Pipeline.builder("unknown2");
        p.step("Load", () -> 1);
        p.step("use", () -> 2).after("load");
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertMentions(e, "step 'use'", "'load'", "did you mean 'Load'");
    }

    @Test
    void handleFromAnotherPipelineIsRefusedNamingTheStep() {
        PipelineBuilder other = Pipeline.builder("other");
        Step<Integer> foreign = other.step("foreign", () -> 1);
        PipelineBuilder p = Pipeline.builder("mine");
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
                () -> p.step("consumer", foreign, x -> x + 1));
        assertMentions(e, "step 'consumer'", "'foreign'", "another pipeline");
        PipelineDefinitionException viaAfter = assertThrows(PipelineDefinitionException.class,
                () -> p.step("waiter", () -> 0).after(foreign));
        assertMentions(viaAfter, "step 'waiter'", "'foreign'");
        PipelineDefinitionException viaFanIn = assertThrows(PipelineDefinitionException.class,
                () -> p.stepAll("all", List.of(foreign), xs -> xs.size()));
        assertMentions(viaFanIn, "step 'all'", "'foreign'");
    }

    @Test
    void emptyPipelineIsRefusedNamingThePipeline() {
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
                () -> Pipeline.builder("hollow").build());
        assertMentions(e, "pipeline 'hollow' has no steps");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "a/b", "has space", "semi;colon", "tab\there", "é", "..", "-"})
    void invalidStepNamesAreRefusedQuotingTheName(String name) {
        PipelineBuilder p = Pipeline.builder("names");
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, () -> p.step(name, () -> 1));
        assertMentions(e, "invalid step name '" + name + "'");
    }

    @Test
    void overlongAndNullStepNamesAreRefused() {
        PipelineBuilder p = Pipeline.builder("names");
        String long129 = "a".repeat(129);
        assertMentions(assertThrows(PipelineDefinitionException.class, () -> p.step(long129, () -> 1)), long129);
        assertMentions(assertThrows(PipelineDefinitionException.class, () -> p.step(null, () -> 1)), "'null'");
        p.step("a".repeat(128), () -> 1); // the longest allowed name
        p.step("ok_name-1.v2", () -> 1);
        assertEquals(2, p.build().steps().size());
    }

    @Test
    void invalidPipelineNameIsRefused() {
        assertMentions(assertThrows(PipelineDefinitionException.class, () -> Pipeline.builder("../escape")),
                "invalid pipeline name '../escape'");
    }

    @Test
    void parameterThatIsNotPlainDataIsRefusedNamingStepAndParameter() {
        PipelineBuilder p = Pipeline.builder("params");
        PipelineDefinitionException thread = assertThrows(PipelineDefinitionException.class,
                () -> p.step("spawn", Params.of("worker", new Thread()), ps -> 1));
        assertMentions(thread, "parameter 'worker' of step 'spawn'", "java.lang.Thread");
        PipelineDefinitionException object = assertThrows(PipelineDefinitionException.class,
                () -> p.step("opaque", Params.of("thing", new Object()), ps -> 1));
        assertMentions(object, "parameter 'thing' of step 'opaque'", "java.lang.Object");
        PipelineDefinitionException nested = assertThrows(PipelineDefinitionException.class,
                () -> p.step("nested", Params.of("list", List.of(1, Map.of("k", new Object()))), ps -> 1));
        assertMentions(nested, "step 'nested'", "[1].k");
        PipelineDefinitionException key = assertThrows(PipelineDefinitionException.class,
                () -> p.step("keys", Params.of("map", Map.of(1, "one")), ps -> 1));
        assertMentions(key, "step 'keys'", "map keys must be strings");
    }

    @Test
    void plainDataParametersAreAccepted() {
        enum Mode { FAST }
        PipelineBuilder p = Pipeline.builder("plain");
        p.step("ok", Params.of("s", "x", "i", 1, "l", 2L, "d", 1.5, "b", true, "c", 'c', "e", Mode.FAST,
                "list", List.of(1, 2), "arr", new int[] {1, 2}, "map", Map.of("k", List.of("v")), "nothing", null),
                ps -> 1);
        assertEquals(1, p.build().steps().size());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void inputTypeMismatchIsRefusedNamingTheStepAndBothTypes() {
        PipelineBuilder p = Pipeline.builder("types");
        Step<String> text = p.step("text", () -> "forty-two");
        Step raw = text;
        p.step("increment", (Step<Integer>) raw, (Integer x) -> x + 1);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertMentions(e, "step 'increment'", "'text'", "java.lang.String", "java.lang.Integer");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void secondInputOfTheWrongTypeIsNamedByPosition() {
        PipelineBuilder p = Pipeline.builder("types2");
        Step<Integer> number = p.step("number", () -> 1);
        Step<String> word = p.step("word", () -> "w");
        Step raw = word;
        p.step("add", Params.of("k", 1), number, (Step<Integer>) raw, (Params ps, Integer a, Integer b) -> a + b);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertMentions(e, "step 'add' input 2 ('word')", "java.lang.String", "java.lang.Integer");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shellResultFedToAFunctionTakingAnotherTypeIsRefused() {
        PipelineBuilder p = Pipeline.builder("types3");
        Step sh = p.shell("listing", "ls");
        p.step("parse", (Step<Long>) sh, (Long n) -> n * 2);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertMentions(e, "step 'parse'", ShellResult.class.getName(), "java.lang.Long");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void inputOfASupertypeParameterIsAccepted() {
        PipelineBuilder p = Pipeline.builder("types4");
        Step<Integer> n = p.step("n", () -> 1);
        Step raw = n;
        p.step("show", (Step<Number>) raw, (Number x) -> x.toString());
        assertEquals(2, p.build().steps().size());
    }

    @Test
    void builderRefusesChangesOnceBuilt() {
        PipelineBuilder p = Pipeline.builder("frozen");
        Step<Integer> a = p.step("a", () -> 1);
        p.build();
        assertThrows(IllegalStateException.class, () -> p.step("b", () -> 2));
        assertThrows(IllegalStateException.class, () -> a.version("2"));
        assertThrows(IllegalStateException.class, p::build);
    }
}
