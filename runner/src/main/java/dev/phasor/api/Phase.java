package dev.phasor.api;

import java.util.List;

/**
 * One layer of the plan: steps whose upstream steps are all in earlier phases.
 *
 * @param index 0 for steps without upstream, else 1 + the highest phase of the step's upstream steps
 * @param steps in declaration order
 */
public record Phase(int index, List<StepDefinition> steps) {
}
