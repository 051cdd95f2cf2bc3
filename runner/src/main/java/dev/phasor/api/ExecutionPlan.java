package dev.phasor.api;

import dev.phasor.plan.Layers;
import dev.phasor.plan.Planner;
import dev.phasor.plan.PlanningException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A pipeline compiled into phases ({@link Pipeline#plan()}); iterating it yields the phases in order.
 *
 * @param pipeline the pipeline's name
 * @param phases phase 0 first; every step's upstream steps are in earlier phases
 * @param phaseOf each step's phase index
 */
public record ExecutionPlan(String pipeline, List<Phase> phases, Map<String, Integer> phaseOf)
        implements Iterable<Phase> {

    /**
     * Plans {@code steps} (in declaration order) with {@link Planner}.
     *
     * @throws PipelineDefinitionException naming the step for an unknown upstream step, or printing the cycle
     */
    static ExecutionPlan of(String pipeline, List<StepDefinition> steps) {
        Layers<StepDefinition> layers;
        try {
            layers = Planner.layer(steps, StepDefinition::name, StepDefinition::upstream);
        } catch (PlanningException e) {
            throw new PipelineDefinitionException(e.getMessage());
        }
        List<Phase> phases = new ArrayList<>(layers.phases().size());
        for (List<StepDefinition> phase : layers.phases()) {
            phases.add(new Phase(phases.size(), phase));
        }
        return new ExecutionPlan(pipeline, Collections.unmodifiableList(phases), layers.phaseOf());
    }

    @Override
    public Iterator<Phase> iterator() {
        return phases.iterator();
    }

    /** The phase of {@code step}. */
    public int phaseOf(StepDefinition step) {
        return phaseOf.get(step.name());
    }

    /** Number of steps in all phases. */
    public int stepCount() {
        return phaseOf.size();
    }
}
