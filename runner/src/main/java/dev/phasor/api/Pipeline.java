package dev.phasor.api;

import dev.phasor.internal.NameMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A named DAG of steps, validated and planned into phases. Immutable once built by {@link PipelineBuilder}; a
 * dynamic one ({@link #isDynamic}) grows into new Pipeline objects through {@link #expanded}.
 */
public final class Pipeline {

    private final String name;
    private final Map<String, StepDefinition> steps;
    private final List<StepDefinition> ordered;
    private final Map<String, String> env;
    private final List<Class<?>> types;
    private final ExecutionPlan plan;
    /** Null for a static pipeline. */
    private Dynamics dynamics;
    private Map<String, String> generatedBy = Map.of();
    private java.util.Set<String> expanded = java.util.Set.of();
    private boolean fannedIn;

    private Pipeline(String name, Map<String, StepDefinition> steps, Map<String, String> env, List<Class<?>> types) {
        this.name = name;
        this.steps = steps;
        this.ordered = List.copyOf(steps.values());
        this.env = env;
        this.types = types;
        this.plan = ExecutionPlan.of(name, ordered);
    }

    /** Starts declaring a pipeline called {@code name} (it names the pipeline's cache directory). */
    public static PipelineBuilder builder(String name) {
        return new PipelineBuilder(name);
    }

    static Pipeline create(String name, List<StepDefinition> steps, Map<String, String> env, List<Class<?>> types) {
        Map<String, StepDefinition> byName = new NameMap<>(steps.size());
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

    /** Sets the dynamic part; called once, by the builder, before the pipeline is handed out. */
    Pipeline withDynamics(Dynamics d, Map<String, String> by, java.util.Set<String> applied, boolean fanIns) {
        this.dynamics = d;
        this.generatedBy = by;
        this.expanded = applied;
        this.fannedIn = fanIns;
        return this;
    }

    /** True if the pipeline declares expansions or pattern fan-ins (its steps grow at run time). */
    public boolean isDynamic() {
        return dynamics != null;
    }

    /** Names of the steps whose results (or files) are expanded, in declaration order. */
    public List<String> generators() {
        return dynamics == null ? List.of() : dynamics.expansions.stream().map(Dynamics.ExpansionDecl::generator).toList();
    }

    /** The file set a generator's expansion fans out over, or null if it expands the generator's result. */
    public FileSet fileSetOf(String generator) {
        for (Dynamics.ExpansionDecl d : dynamics == null ? List.<Dynamics.ExpansionDecl>of() : dynamics.expansions) {
            if (d.generator().equals(generator)) {
                return d.files();
            }
        }
        return null;
    }

    /** True once the pattern fan-ins have been added (or if there are none). */
    public boolean hasFanIns() {
        return dynamics == null || dynamics.fanIns.isEmpty() || fannedIn;
    }

    /** Generators already expanded into this pipeline. */
    public java.util.Set<String> expandedGenerators() {
        return expanded;
    }

    /** For each generated step, the generator that declared it ({@code fan-in} for a pattern fan-in). */
    public Map<String, String> generatedBy() {
        return generatedBy;
    }

    /**
     * This pipeline's static steps plus the expansions of the generators in {@code data} (the generator's
     * result, or the {@code List<OutputFile>} of matched files), and the pattern fan-ins when {@code withFanIns}.
     * A pure function of its arguments: every JVM gets the same steps from the same data.
     */
    public Pipeline expanded(Map<String, Object> data, boolean withFanIns) {
        if (dynamics == null) {
            throw new IllegalStateException("pipeline '" + name + "' has no expansions");
        }
        return dynamics.expand(data, withFanIns);
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ", " + steps.size() + " steps, " + plan.phases().size() + " phases]";
    }
}
