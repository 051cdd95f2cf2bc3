package dev.phasor.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.RunReport;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.support.Compiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2, point 7, for real: two versions of a pipeline class are compiled from source and loaded through
 * class loaders of their own; a changed step body changes the step's key, a comment does not.
 */
class CodeIdentityTest {

    private static final String CLASS = "gen.Powers";

    private static String source(String body, String helper, String preamble) {
        return """
                package gen;

                import dev.phasor.api.Params;
                import dev.phasor.api.Pipeline;
                import dev.phasor.api.PipelineBuilder;
                import dev.phasor.api.PipelineDefinition;
                import dev.phasor.api.Step;

                public final class Powers implements PipelineDefinition {
                    %s
                    static int helper(int v) {
                        return %s;
                    }

                    @Override
                    public Pipeline define() {
                        PipelineBuilder p = Pipeline.builder("powers");
                        Step<Integer> power = p.step("power", Params.of("x", 3), ps -> {
                            int x = ps.getInt("x");
                            return %s;
                        });
                        p.step("plus_one", power, v -> v + 1);
                        p.step("helped", Params.of("v", 5), ps -> helper(ps.getInt("v")));
                        return p.build();
                    }
                }
                """.formatted(preamble, helper, body);
    }

    private static final String SQUARE = source("x * x", "v + 1", "");
    private static final String FIFTH = source("x * x * x * x * x", "v + 1", "");
    private static final String SQUARE_WITH_COMMENT = source("x * x", "v + 1",
            "// A comment and blank lines move every line number below.\n\n\n\n");
    private static final String HELPER_CHANGED = source("x * x", "v + 2", "");

    private static PipelineSource.Loaded load(Path workDir, String source) {
        Path classes = Compiler.compile(workDir, CLASS, source);
        return new PipelineSource(CLASS, List.of(classes.toString())).load(CodeIdentityTest.class.getClassLoader());
    }

    private static Map<String, String> keys(Path workDir, String source) {
        return StepKeys.compute(load(workDir, source).pipeline());
    }

    @Test
    void changingAStepBodyFromSquareToFifthPowerIsRefusedAgainstTheSameCache(@TempDir Path tmp) {
        Path cache = tmp.resolve("cache");
        PipelineSource.Loaded v1 = load(tmp.resolve("v1"), SQUARE);
        RunReport first = Phasor.runner().cache(cache).threads(2).run(v1.pipeline());
        assertEquals(9, first.result("power"));
        assertEquals(10, first.result("plus_one"));

        PipelineSource.Loaded v2 = load(tmp.resolve("v2"), FIFTH);
        assertTrue(v1.loader() != v2.loader(), "each version has its own class loader");
        Pipeline changed = v2.pipeline();
        CacheSnapshot.ageAll(cache);
        CacheSnapshot before = CacheSnapshot.of(cache);
        SchemaConflictException e = assertThrows(SchemaConflictException.class,
                () -> Phasor.runner().cache(cache).threads(2).run(changed));
        assertTrue(e.getMessage().contains("step 'power'"), e.getMessage());
        assertTrue(e.getMessage().contains("code differs"), e.getMessage());
        before.assertUnchanged();

        // The fifth power runs fine against a fresh cache.
        RunReport fresh = Phasor.runner().cache(tmp.resolve("cache2")).threads(2).run(changed);
        assertEquals(243, fresh.result("power"));
        assertEquals(244, fresh.result("plus_one"));
    }

    @Test
    void changedBodyChangesTheStepKeyAndItsDownstreamOnly(@TempDir Path tmp) {
        Map<String, String> square = keys(tmp.resolve("a"), SQUARE);
        Map<String, String> fifth = keys(tmp.resolve("b"), FIFTH);
        assertNotEquals(square.get("power"), fifth.get("power"));
        assertNotEquals(square.get("plus_one"), fifth.get("plus_one"));
        assertEquals(square.get("helped"), fifth.get("helped"));
    }

    @Test
    void changedHelperMethodInTheSameClassChangesTheKeyOfTheStepCallingIt(@TempDir Path tmp) {
        Map<String, String> before = keys(tmp.resolve("a"), SQUARE);
        Map<String, String> after = keys(tmp.resolve("b"), HELPER_CHANGED);
        assertNotEquals(before.get("helped"), after.get("helped"));
        assertEquals(before.get("power"), after.get("power"));
    }

    @Test
    void sameSourceCompiledTwiceGivesTheSameKeys(@TempDir Path tmp) {
        assertEquals(keys(tmp.resolve("a"), SQUARE), keys(tmp.resolve("b"), SQUARE));
    }

    @Test
    void commentsAndMovedLinesDoNotChangeTheKeys(@TempDir Path tmp) {
        assertEquals(keys(tmp.resolve("a"), SQUARE), keys(tmp.resolve("b"), SQUARE_WITH_COMMENT));
    }

    @Test
    void sameSourceCompiledTwiceResumesFromTheSameCache(@TempDir Path tmp) {
        Path cache = tmp.resolve("cache");
        RunReport first = Phasor.runner().cache(cache).run(load(tmp.resolve("a"), SQUARE).pipeline());
        assertEquals(3, first.executed());
        RunReport second = Phasor.runner().cache(cache).run(load(tmp.resolve("b"), SQUARE_WITH_COMMENT).pipeline());
        assertEquals(0, second.executed());
        assertEquals(10, second.result("plus_one"));
    }
}
