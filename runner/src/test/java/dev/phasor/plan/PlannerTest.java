package dev.phasor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.ExecutionPlan;
import dev.phasor.api.Phase;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.Step;
import dev.phasor.api.StepDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layering itself ({@link Planner#layer} on plain steps), and the plans the API builds with it. */
class PlannerTest {

    /** A step as the planner sees it: a name and the names it waits for. */
    private record Node(String name, List<String> upstream) {
    }

    private static Node def(String name, String... upstream) {
        return new Node(name, List.of(upstream));
    }

    private static Layers<Node> layer(List<Node> steps) {
        return Planner.layer(steps, Node::name, Node::upstream);
    }

    private static List<String> names(Phase phase) {
        return phase.steps().stream().map(StepDefinition::name).toList();
    }

    private static List<String> names(List<Node> phase) {
        return phase.stream().map(Node::name).toList();
    }

    @Test
    void diamondIsLayeredByLongestPath() {
        PipelineBuilder p = Pipeline.builder("diamond");
        Step<Integer> top = p.step("top", () -> 1);
        Step<Integer> left = p.step("left", top, x -> x + 1);
        Step<Integer> right = p.step("right", top, x -> x + 2);
        p.step("bottom", left, right, Integer::sum);
        ExecutionPlan plan = p.build().plan();
        assertEquals(3, plan.phases().size());
        assertEquals(List.of("top"), names(plan.phases().get(0)));
        assertEquals(List.of("left", "right"), names(plan.phases().get(1)));
        assertEquals(List.of("bottom"), names(plan.phases().get(2)));
        assertEquals(Map.of("top", 0, "left", 1, "right", 1, "bottom", 2), plan.phaseOf());
    }

    @Test
    void fanInWaitsForItsLongestUpstreamChain() {
        // a -> b -> c, and d needs a and c: d is in phase 3 (1 + phase of c), not 1.
        Layers<Node> plan = layer(List.of(def("a"), def("b", "a"), def("c", "b"), def("d", "a", "c")));
        assertEquals(Map.of("a", 0, "b", 1, "c", 2, "d", 3), plan.phaseOf());
    }

    @Test
    void stepWithThreeIndependentRootsLandsInPhaseOne() {
        PipelineBuilder p = Pipeline.builder("roots");
        Step<Integer> r1 = p.step("r1", () -> 1);
        Step<Integer> r2 = p.step("r2", () -> 2);
        Step<Integer> r3 = p.step("r3", () -> 3);
        p.step("sum", r1, r2, r3, (a, b, c) -> a + b + c);
        ExecutionPlan plan = p.build().plan();
        assertEquals(2, plan.phases().size());
        assertEquals(List.of("r1", "r2", "r3"), names(plan.phases().get(0)));
        assertEquals(List.of("sum"), names(plan.phases().get(1)));
    }

    @Test
    void stepsInsideAPhaseKeepDeclarationOrderNotNameOrder() {
        Layers<Node> plan = layer(List.of(def("zeta"), def("alpha"), def("mid"), def("y", "mid"),
                def("b", "zeta"), def("x", "alpha")));
        assertEquals(List.of("zeta", "alpha", "mid"), names(plan.phases().get(0)));
        assertEquals(List.of("y", "b", "x"), names(plan.phases().get(1)));
    }

    @Test
    void orderOnlyDependenciesCountForPhases() {
        PipelineBuilder p = Pipeline.builder("after");
        Step<Integer> a = p.step("a", () -> 1);
        p.step("b", () -> 2).after(a);
        p.step("c", () -> 3).after("b");
        assertEquals(Map.of("a", 0, "b", 1, "c", 2), p.build().plan().phaseOf());
    }

    @Test
    void stepMayRunAfterAStepDeclaredLaterByName() {
        PipelineBuilder p = Pipeline.builder("forward");
        p.step("first", () -> 1).after("second");
        p.step("second", () -> 2);
        p.step("third", () -> 3);
        ExecutionPlan plan = p.build().plan();
        assertEquals(List.of("second", "third"), names(plan.phases().get(0)));
        assertEquals(List.of("first"), names(plan.phases().get(1)));
    }

    @Test
    void chainOfOneHundredThousandStepsPlansWithoutStackOverflow() {
        int n = 100_000;
        List<Node> steps = new ArrayList<>(n);
        steps.add(def("s0"));
        for (int i = 1; i < n; i++) {
            steps.add(def("s" + i, "s" + (i - 1)));
        }
        Layers<Node> plan = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> layer(steps));
        assertEquals(n, plan.phases().size());
        assertEquals(n, plan.phaseOf().size());
        assertEquals(n - 1, plan.phaseOf().get("s" + (n - 1)));
        assertEquals(List.of("s54321"), names(plan.phases().get(54_321)));
    }

    @Test
    void chainOfOneHundredThousandStepsBuildsThroughTheApi() {
        int n = 100_000;
        Pipeline pipeline = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            PipelineBuilder p = Pipeline.builder("long");
            Step<Integer> previous = p.step("s0", () -> 0);
            for (int i = 1; i < n; i++) {
                previous = p.step("s" + i, previous, x -> x + 1);
            }
            return p.build();
        });
        assertEquals(n, pipeline.plan().phases().size());
        assertEquals(n - 1, pipeline.plan().phaseOf(pipeline.step("s" + (n - 1))));
    }

    @Test
    void cycleThroughAfterIsRefusedAndTheMessagePrintsTheCycle() {
        PipelineBuilder p = Pipeline.builder("cyclic");
        Step<Integer> a = p.step("a", () -> 1);
        Step<Integer> b = p.step("b", a, x -> x + 1);
        Step<Integer> c = p.step("c", b, x -> x + 1);
        a.after(c);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertEquals("cycle: a -> b -> c -> a", e.getMessage());
    }

    @Test
    void cycleMessageShowsOnlyTheLoopNotTheStepsFeedingIt() {
        // root -> x -> y -> z -> x (through after), plus an unrelated step declared first.
        PipelineBuilder p = Pipeline.builder("cyclic2");
        p.step("unrelated", () -> 0);
        Step<Integer> root = p.step("root", () -> 1);
        Step<Integer> x = p.step("x", root, v -> v);
        Step<Integer> y = p.step("y", x, v -> v);
        Step<Integer> z = p.step("z", y, v -> v);
        p.step("tail", z, v -> v);
        x.after(z);
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertEquals("cycle: x -> y -> z -> x", e.getMessage());
    }

    @Test
    void stepRunningAfterItselfIsACycleNamingIt() {
        PipelineBuilder p = Pipeline.builder("self");
        p.step("loner", () -> 1).after("loner");
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, p::build);
        assertEquals("cycle: loner -> loner", e.getMessage());
    }

    @Test
    void unknownUpstreamGivenToThePlannerDirectlyIsNamed() {
        PlanningException e = assertThrows(PlanningException.class,
                () -> layer(List.of(def("a"), def("b", "ghost"))));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("'ghost'"), e.getMessage());
    }

    @Test
    void duplicateNameGivenToThePlannerDirectlyIsNamed() {
        PlanningException e = assertThrows(PlanningException.class,
                () -> layer(List.of(def("a"), def("b", "a"), def("a"))));
        assertEquals("duplicate step name 'a'", e.getMessage());
    }

    @Test
    void cycleGivenToThePlannerDirectlyIsPrintedFromTheStepDeclaredFirst() {
        PlanningException e = assertThrows(PlanningException.class,
                () -> layer(List.of(def("root"), def("b", "c"), def("c", "root", "b"))));
        assertEquals("cycle: b -> c -> b", e.getMessage());
    }

    @Test
    void planIsTheSameEveryTimeItIsBuilt() {
        List<Node> steps = List.of(def("a"), def("b"), def("c", "a", "b"), def("d", "a"), def("e", "d", "c"));
        assertEquals(layer(steps), layer(steps));
    }

    @Test
    void planOfABuiltPipelineHasEachStepInItsPhaseAndCountsThem() {
        PipelineBuilder p = Pipeline.builder("shape");
        Step<Integer> a = p.step("a", () -> 1);
        p.step("b", a, x -> x + 1);
        Pipeline pipeline = p.build();
        ExecutionPlan plan = pipeline.plan();
        assertEquals("shape", plan.pipeline());
        assertEquals(2, plan.stepCount());
        assertEquals(List.of(0, 1), plan.phases().stream().map(Phase::index).toList());
        assertEquals(1, plan.phaseOf(pipeline.step("b")));
        assertEquals(List.of("a", "b"), pipeline.plan().phaseOf().keySet().stream().toList());
    }
}
