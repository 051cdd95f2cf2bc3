package dev.phasor.key;

import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains a step key from schema files ({@code phasor explain}): the components that a stored step's key
 * was computed from, re-derived from what {@code pipeline.schema} records, and, against the schema of the
 * current definition, which components changed, following changed upstream keys to their cause.
 */
public final class KeyExplainer {

    private final SchemaDocument stored;
    private final Map<String, SchemaDocument.StepEntry> storedSteps;

    public KeyExplainer(SchemaDocument stored) {
        this.stored = stored;
        this.storedSteps = SchemaFile.byName(stored);
    }

    /** The components of a step's key as {@code doc} records it. */
    public static KeyComponents components(SchemaDocument doc, String step) {
        Map<String, SchemaDocument.StepEntry> steps = SchemaFile.byName(doc);
        SchemaDocument.StepEntry e = steps.get(step);
        if (e == null) {
            throw new IllegalArgumentException("no step '" + step + "' in pipeline '" + doc.pipeline() + "'");
        }
        Map<String, String> keys = new java.util.HashMap<>();
        steps.forEach((name, entry) -> keys.put(name, entry.key()));
        return StepKeys.components(doc.pipeline(), e.name(), e.kind(), e.code() + "@" + e.codeDigest(), e.version(),
                e.params(), "shell".equals(e.kind()) ? e.env() : null, e.inputs(), e.after(),
                e.afterFinished() == null ? List.of() : e.afterFinished(), keys);
    }

    /** True if the stored key equals the digest of the components re-derived from the schema. */
    public boolean rederives(String step) {
        return components(stored, step).digest().equals(storedSteps.get(step).key());
    }

    /**
     * What changed in {@code step}'s key between the stored schema and {@code now}, one line per changed
     * component (indented lines explain a changed upstream key); empty if the key is the same.
     */
    public List<String> changes(SchemaDocument now, String step) {
        List<String> lines = new ArrayList<>();
        explain(now, step, "", lines, new HashSet<>());
        return lines;
    }

    private void explain(SchemaDocument now, String step, String indent, List<String> lines, Set<String> seen) {
        Map<String, SchemaDocument.StepEntry> current = SchemaFile.byName(now);
        SchemaDocument.StepEntry before = storedSteps.get(step);
        SchemaDocument.StepEntry after = current.get(step);
        if (before == null || after == null) {
            lines.add(indent + (before == null ? "step '" + step + "' is new: the cache has no result for it"
                    : "step '" + step + "' is no longer in the definition"));
            return;
        }
        if (before.key().equals(after.key()) || !seen.add(step)) {
            return;
        }
        List<KeyComponents.Component> a = components(stored, step).components();
        List<KeyComponents.Component> b = components(now, step).components();
        List<String> upstreamChanged = new ArrayList<>();
        if (a.size() != b.size() || !names(a).equals(names(b))) {
            lines.add(indent + "inputs " + before.inputs() + " after " + before.after() + " -> inputs "
                    + after.inputs() + " after " + after.after());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            KeyComponents.Component x = a.get(i);
            KeyComponents.Component y = b.get(i);
            if (!x.name().equals(y.name()) || x.value().equals(y.value())) {
                continue;
            }
            if (x.name().equals("input") || x.name().equals("after")) {
                String up = x.value().substring(0, x.value().lastIndexOf(':'));
                String up2 = y.value().substring(0, y.value().lastIndexOf(':'));
                if (up.equals(up2)) {
                    lines.add(indent + x.name() + " " + up + ": upstream step '" + up + "' has another key");
                    upstreamChanged.add(up);
                    explain(now, up, indent + "  ", lines, seen);
                    continue;
                }
            }
            String hint = x.name().equals("code") ? " (its code was edited, or values its lambda captures changed)" : "";
            lines.add(indent + x.name() + ": " + x.value() + " -> " + y.value() + hint);
        }
    }

    private static List<String> names(List<KeyComponents.Component> cs) {
        return cs.stream().map(KeyComponents.Component::name).toList();
    }

    public SchemaDocument stored() {
        return stored;
    }
}
