package dev.phasor.api;

import dev.phasor.plan.ExecutionPlan;
import dev.phasor.plan.Planner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named DAG of steps, validated and planned into phases. Immutable; built by {@link PipelineBuilder}.
 */
public final class Pipeline {

    private final String name;
    private final Map<String, StepDefinition> steps;
    private final List<StepDefinition> ordered;
    private final Map<String, String> env;
    private final List<Class<?>> types;
    private final ExecutionPlan plan;

    private Pipeline(String name, Map<String, StepDefinition> steps, Map<String, String> env, List<Class<?>> types) {
        this.name = name;
        this.steps = steps;
        this.ordered = List.copyOf(steps.values());
        this.env = env;
        this.types = types;
        this.plan = Planner.plan(name, ordered);
    }

    /** Starts declaring a pipeline called {@code name} (it names the pipeline's cache directory). */
    public static PipelineBuilder builder(String name) {
        return new PipelineBuilder(name);
    }

    static Pipeline create(String name, List<StepDefinition> steps, Map<String, String> env, List<Class<?>> types) {
        Map<String, StepDefinition> byName = new LinkedHashMap<>();
        for (StepDefinition s : steps) {
            byName.put(s.name(), s);
        }
        return new Pipeline(name, Collections.unmodifiableMap(byName), env, types);
    }

    /** The pipeline's name. */
    public String name() {
        return name;
    }

    /** Steps in declaration order. */
    public List<StepDefinition> steps() {
        return ordered;
    }

    /** The step called {@code stepName}; throws {@link IllegalArgumentException} naming it if there is none. */
    public StepDefinition step(String stepName) {
        StepDefinition s = steps.get(stepName);
        if (s == null) {
            throw new IllegalArgumentException("pipeline '" + name + "' has no step '" + stepName + "'");
        }
        return s;
    }

    /** True if the pipeline has a step called {@code stepName}. */
    public boolean hasStep(String stepName) {
        return steps.containsKey(stepName);
    }

    /** Default environment of shell steps. */
    public Map<String, String> env() {
        return env;
    }

    /** Result classes registered with {@link PipelineBuilder#register}, in order. */
    public List<Class<?>> registeredTypes() {
        return types;
    }

    /** The steps layered into phases. */
    public ExecutionPlan plan() {
        return plan;
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ", " + steps.size() + " steps, " + plan.phases().size() + " phases]";
    }
}
