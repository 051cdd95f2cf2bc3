package dev.phasor.cache;

import dev.phasor.api.CacheAccessException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a parsed {@code pipeline.schema} has the shape Phasor writes, so that a damaged or hand-edited
 * file is refused here, naming what is wrong, rather than failing later with a NullPointerException in
 * whichever command reads it (found by fuzzing the schema parser: {@code null}, a null phase, a step without
 * a name).
 */
final class SchemaShape {

    private SchemaShape() {
    }

    static void check(Path file, SchemaDocument doc) {
        if (doc == null) {
            throw bad(file, "holds no schema (JSON null)");
        }
        if (doc.format() > SchemaDocument.FORMAT) {
            throw new CacheAccessException("schema file " + file + " has format " + doc.format()
                    + ", written by a newer Phasor; this one reads up to " + SchemaDocument.FORMAT);
        }
        if (doc.pipeline() == null || doc.digest() == null || doc.phases() == null || doc.codec() == null) {
            throw bad(file, "is incomplete (no pipeline, digest, codec or phases)");
        }
        SchemaDocument.CodecInfo codec = doc.codec();
        if (codec.id() == null || codec.fingerprint() == null || !noNulls(codec.types())) {
            throw bad(file, "has an incomplete codec entry (id, fingerprint, types)");
        }
        Set<String> names = new HashSet<>();
        checkPhases(file, doc.phases(), names, "phase");
        if (doc.expansions() != null) {
            for (SchemaDocument.ExpansionEntry e : doc.expansions()) {
                if (e == null || e.generator() == null || e.phases() == null) {
                    throw bad(file, "has an incomplete expansion entry (generator, phases)");
                }
                checkPhases(file, e.phases(), names, "expansion '" + e.generator() + "' phase");
            }
        }
    }

    private static void checkPhases(Path file, List<SchemaDocument.PhaseEntry> phases, Set<String> names,
            String where) {
        for (int i = 0; i < phases.size(); i++) {
            SchemaDocument.PhaseEntry phase = phases.get(i);
            if (phase == null || phase.steps() == null) {
                throw bad(file, "has an incomplete " + where + " (entry " + i + " without steps)");
            }
            for (SchemaDocument.StepEntry s : phase.steps()) {
                checkStep(file, s, where + " " + phase.phase());
                if (!names.add(s.name())) {
                    throw bad(file, "lists step '" + s.name() + "' twice");
                }
            }
        }
    }

    private static void checkStep(Path file, SchemaDocument.StepEntry s, String where) {
        if (s == null || s.name() == null || s.name().isBlank()) {
            throw bad(file, "has a step without a name in " + where);
        }
        if (s.key() == null || s.kind() == null) {
            throw bad(file, "has step '" + s.name() + "' without a key or kind");
        }
        if (!noNulls(s.inputs()) || !noNulls(s.after()) || !noNulls(s.afterFinished())
                || !noNullKeys(s.params()) || !noNullKeys(s.env()) || !noNullKeys(s.attributes())) {
            throw bad(file, "has step '" + s.name() + "' with a null name among its inputs, parameters or environment");
        }
    }

    private static boolean noNulls(Collection<?> c) {
        return c == null || c.stream().allMatch(x -> x != null);
    }

    private static boolean noNullKeys(Map<String, ?> m) {
        return m == null || m.keySet().stream().allMatch(k -> k != null);
    }

    private static CacheAccessException bad(Path file, String what) {
        return new CacheAccessException("schema file " + file + " " + what
                + "; it was damaged or not written by Phasor. Move it away to start a fresh cache.");
    }
}
