package dev.phasor.cache;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a schema's Java steps come from ({@code code} is {@code class::method}). Two pipeline classes
 * that share a pipeline name (and so a cache directory) are told apart by them: when no class is common,
 * the stored results are another pipeline's, not an older definition of this one.
 */
final class StepClasses {

    private StepClasses() {
    }

    /** The classes of the schema's Java steps, generated steps left out. */
    static Set<String> of(SchemaDocument schema) {
        Set<String> classes = new TreeSet<>();
        for (SchemaDocument.PhaseEntry phase : schema.phases()) {
            for (SchemaDocument.StepEntry step : phase.steps()) {
                int sep = step.code() == null ? -1 : step.code().indexOf("::");
                if ("java".equals(step.kind()) && sep > 0) {
                    classes.add(step.code().substring(0, sep));
                }
            }
        }
        return classes;
    }

    /**
     * "written by a different class" naming both sides, or null when the two schemas share a step class
     * (or one has no Java step, so there is nothing to tell them apart by).
     */
    static String difference(SchemaDocument stored, SchemaDocument now) {
        Set<String> before = of(stored);
        Set<String> after = of(now);
        if (before.isEmpty() || after.isEmpty() || !Collections.disjoint(before, after)) {
            return null;
        }
        return "its results were written by a different class (" + String.join(", ", before) + ") than this"
                + " definition's (" + String.join(", ", after) + "): two pipeline classes share the name '"
                + now.pipeline() + "'";
    }
}
