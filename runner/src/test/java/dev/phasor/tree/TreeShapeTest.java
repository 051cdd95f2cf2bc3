package dev.phasor.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.StepDefinition;
import dev.phasor.testkit.FailingTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building trees with paths, inheriting attributes, printing them, and compiling them into steps and edges. */
class TreeShapeTest {

    static double half(Params p) {
        return p.getInt("n") / 2.0;
    }

    @Test
    void prettyDrawsConductosExampleInItsLayout() {
        Parallel test = new Parallel();
        test.put("test1", new Exec("echo run test 1"));
        test.put("test2", new Exec("echo run test 1"));
        Serial root = new Serial();
        root.put("Test", test);

        assertEquals("""
                /
                └─0 Test
                  ├─ test1   echo run test 1
                  └─ test2   echo run test 1""", root.pretty());
    }

    @Test
    void prettyPadsSerialIndexesToOneWidthAndShowsJavaFunctionsWithTheirParameters() {
        Serial root = new Serial();
        for (int i = 0; i < 11; i++) {
            root.put("s" + i, new Exec("echo " + i));
        }
        root.put("half", new Serial());
        root.put("half/fn", new Exec(TreeShapeTest::half, Params.of("n", 8)));
        root.put("half/multi", new Exec("echo a\necho b"));
        String pretty = root.pretty();
        List<String> lines = pretty.lines().toList();

        assertEquals("├─00 s0   echo 0", lines.get(1));
        assertEquals("├─10 s10   echo 10", lines.get(11));
        assertEquals("└─11 half", lines.get(12));
        assertEquals("  ├─0 fn   TreeShapeTest::half --n=8", lines.get(13));
        assertEquals("  └─1 multi   echo a\\necho b", lines.get(14));
    }

    @Test
    void slashPathsReachDeepIntoTheTree() {
        Serial root = new Serial();
        Parallel test = root.put("Test", new Parallel());
        Exec app = root.put("Test/app", new Exec("echo app"));

        assertSame(app, root.get("Test/app"));
        assertSame(app, test.get("app"));
        assertEquals("/Test/app", app.path());
        assertEquals("app", app.name());
        assertEquals("/", root.name());
        assertSame(test, app.parent());
        assertEquals(List.of(app), test.children());
    }

    @Test
    void badPathsAndReusedNodesAreRefusedWithTheirNames() {
        Serial root = new Serial();
        Exec build = root.put("Build", new Exec("make"));

        assertTrue(assertThrows(IllegalArgumentException.class, () -> root.put("Test/app", new Exec("x")))
                .getMessage().contains("no node 'Test' under Serial (root)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> root.put("Build/x", new Exec("x")))
                .getMessage().contains("'/Build' is an Exec node"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> root.put("Build", new Exec("x")))
                .getMessage().contains("Exec '/Build' already exists"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Serial().put("again", build))
                .getMessage().contains("already in a tree at /Build"));
        assertThrows(IllegalArgumentException.class, () -> root.put("/abs", new Exec("x")));
        assertThrows(IllegalArgumentException.class, () -> root.put("a//b", new Exec("x")));
        Serial inner = root.put("Inner", new Serial());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> inner.put("loop", root))
                .getMessage().contains("inside itself"));
    }

    @Test
    void attributesAndEnvAreInheritedAndAChildOverridesItsParent() {
        Parallel root = new Parallel().cpu(2).mem(4).env("LOG_LEVEL", "1").env("REGION", "eu")
                .attribute("image", "debian:12");
        root.put("Node1", new Exec("echo I run with 2 cores, and with LOG_LEVEL=$LOG_LEVEL"));
        root.put("Inner", new Serial().env("LOG_LEVEL", "3").cpu(1));
        root.put("Inner/deep", new Exec("echo deep").env("EXTRA", "x").attribute("image", "alpine"));

        Pipeline pipeline = root.toPipeline("inherit");
        StepDefinition node1 = pipeline.step("Node1");
        StepDefinition deep = pipeline.step("Inner.deep");

        assertEquals(Map.of("LOG_LEVEL", "1", "REGION", "eu"), node1.env());
        assertEquals(Map.of("cpu", 2.0, "mem", 4.0, "gpu", 0, "image", "debian:12"), node1.attributes());
        assertEquals(2, node1.cpuSlots());
        assertEquals(Map.of("LOG_LEVEL", "3", "REGION", "eu", "EXTRA", "x"), deep.env());
        assertEquals(Map.of("cpu", 1.0, "mem", 4.0, "gpu", 0, "image", "alpine"), deep.attributes());
    }

    @Test
    void stepNamesComeFromPathsAndCollisionsAreRefused() {
        Serial root = new Serial();
        root.put("ping st2api", new Exec("echo a"));
        root.put("Test", new Parallel());
        root.put("Test/app.v2", new Exec("echo b"));
        root.put("Test/-x", new Exec("echo c"));

        Pipeline pipeline = root.toPipeline("names");

        assertEquals(List.of("ping_st2api", "Test.app_v2", "Test._x"),
                pipeline.steps().stream().map(StepDefinition::name).toList());
        assertEquals("Test.app", TreeCompiler.stepName("/Test/app"));

        Serial clash = new Serial();
        clash.put("a b", new Exec("echo 1"));
        clash.put("a_b", new Exec("echo 2"));
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, () -> clash.toPipeline("x"));
        assertEquals("tree nodes '/a b' and '/a_b' both become step 'a_b': rename one (step names keep only letters,"
                + " digits, '_' and '-' of each segment)", e.getMessage());
    }

    @Test
    void aStoppingSerialChainsRequiredEdgesAndANonStoppingOneOrderOnlyEdges() {
        Pipeline p = FailingTree.tree().toPipeline("edges");

        assertEquals(List.of(), p.step("CI.Build").upstream());
        assertEquals(List.of("CI.Build"), p.step("CI.Test.unit").after());
        assertEquals(List.of("CI.Build"), p.step("CI.Test.lint").after());
        assertEquals(List.of("CI.Test.unit", "CI.Test.broken", "CI.Test.lint"), p.step("CI.Deploy").after());
        assertEquals(List.of(), p.step("CI.Deploy").afterFinished());
        assertEquals(List.of("Cleanup.first"), p.step("Cleanup.tidy").afterFinished());
        assertEquals(List.of(), p.step("Cleanup.tidy").after());
        assertEquals(List.of(), p.step("Cleanup.tidy").requiredUpstream());
        assertEquals(List.of("Cleanup.tidy"), p.step("Cleanup.report").afterFinished());
        assertEquals(0, p.plan().phaseOf(p.step("Cleanup.first")));
        assertEquals(2, p.plan().phaseOf(p.step("Cleanup.report")));
        assertEquals(2, p.plan().phaseOf(p.step("CI.Deploy")));
    }

    @Test
    void nestedSerialsHandOnTheRightExitsAndEmptyContainersAreTransparent() {
        Serial root = new Serial();
        root.put("a", new Serial());
        root.put("a/1", new Exec("echo a1"));
        root.put("a/2", new Exec("echo a2"));
        root.put("empty", new Parallel());
        root.put("b", new Serial().stopOnError(false));
        root.put("b/1", new Exec("echo b1"));
        root.put("b/2", new Exec("echo b2"));
        root.put("c", new Exec("echo c"));

        Pipeline p = root.toPipeline("nested");

        assertEquals(List.of("a.2"), p.step("b.1").after(), "a stopping Serial is done when its last child is");
        assertEquals(List.of("b.1"), p.step("b.2").afterFinished());
        assertEquals(List.of("b.1", "b.2"), p.step("c").after(), "a non-stopping Serial needs all its children");
    }

    @Test
    void aJavaExecWithItsOwnEnvironmentAndBadAttributesAreRefused() {
        Serial root = new Serial();
        root.put("fn", new Exec(() -> 1).env("X", "1"));
        assertTrue(assertThrows(PipelineDefinitionException.class, () -> root.toPipeline("x")).getMessage()
                .contains("Exec '/fn' is a Java function; environment variables reach shell commands only"));
        assertThrows(IllegalArgumentException.class, () -> new Serial().cpu(0));
        assertThrows(IllegalArgumentException.class, () -> new Serial().attribute("image", new Object()));
    }
}
