package dev.phasor.plan;

import dev.phasor.api.StepDefinition;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A pipeline compiled into phases; iterating it yields the phases in order.
 *
 * @param pipeline the pipeline's name
 * @param phases phase 0 first; every step's upstream steps are in earlier phases
 * @param phaseOf each step's phase index
 */
public record ExecutionPlan(String pipeline, List<Phase> phases, Map<String, Integer> phaseOf)
        implements Iterable<Phase> {

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
