package dev.phasor.plan;

import java.util.List;
import java.util.Map;

/**
 * Steps layered by {@link Planner}.
 *
 * @param phases phase 0 first, each in declaration order; every step's upstream steps are in earlier phases
 * @param phaseOf each step's phase index, by name, in declaration order
 * @param <S> the step type
 */
public record Layers<S>(List<List<S>> phases, Map<String, Integer> phaseOf) {
}
