package dev.phasor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.CodeIdentity;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.Step;
import dev.phasor.api.StepBody;
import dev.phasor.api.StepDefinition;
import dev.phasor.api.StepFn0;
import dev.phasor.api.StepKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static StepDefinition def(String name, String... inputs) {
        return new StepDefinition(name, StepKind.JAVA, Params.none(), List.of(inputs), List.of(), "", Map.of(),
                new StepBody.JavaFunction((StepFn0<Integer>) () -> 1, false, false), new CodeIdentity("test", "0"));
    }

    private static List<String> names(Phase phase) {
        return phase.steps().stream().map(StepDefinition::name).toList();
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
        ExecutionPlan plan = Planner.plan("p", List.of(def("a"), def("b", "a"), def("c", "b"), def("d", "a", "c")));
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
        ExecutionPlan plan = Planner.plan("p", List.of(def("zeta"), def("alpha"), def("mid"), def("y", "mid"),
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
        List<StepDefinition> steps = new ArrayList<>(n);
        steps.add(def("s0"));
        for (int i = 1; i < n; i++) {
            steps.add(def("s" + i, "s" + (i - 1)));
        }
        ExecutionPlan plan = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Planner.plan("chain", steps));
        assertEquals(n, plan.phases().size());
        assertEquals(n, plan.stepCount());
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
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
                () -> Planner.plan("p", List.of(def("a"), def("b", "ghost"))));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("'ghost'"), e.getMessage());
    }

    @Test
    void planIsTheSameEveryTimeItIsBuilt() {
        List<StepDefinition> steps = List.of(def("a"), def("b"), def("c", "a", "b"), def("d", "a"), def("e", "d", "c"));
        assertEquals(Planner.plan("p", steps), Planner.plan("p", steps));
    }
}
