package dev.phasor.report;

import dev.phasor.cache.StepStatus;
import java.util.List;

/**
 * One step as the graph and the report draw it.
 *
 * @param name step name
 * @param phase its phase
 * @param kind {@code java} or {@code shell}
 * @param upstream the steps it depends on (inputs, then ordering-only upstream steps)
 * @param status its latest status (pending when it has none)
 * @param outcome what to show for it
 */
public record StepView(String name, int phase, String kind, List<String> upstream, StepStatus status,
        Outcome outcome) {
}
