package dev.phasor.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.phasor.api.CacheAccessException;
import dev.phasor.api.Phase;
import dev.phasor.api.Pipeline;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.api.StepDefinition;
import dev.phasor.internal.Json;
import dev.phasor.serialization.Codec;
import dev.phasor.serialization.ResultFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.TreeMap;

/**
 * Builds, writes, reads and compares {@code pipeline.schema}: the guard that keeps one pipeline
 * definition from overwriting another's results.
 */
public final class SchemaFile {

    private SchemaFile() {
    }

    /**
     * The schema of {@code pipeline} with the given keys and codec. Its step entries are a view of the
     * pipeline's definitions and keys, made when read (written, digested, compared) and not kept: a run
     * holds the definitions anyway, and a copy of them as entries cost about 160 bytes per step.
     */
    public static SchemaDocument of(Pipeline pipeline, Map<String, String> keys, Codec codec) {
        List<SchemaDocument.PhaseEntry> phases = new ArrayList<>();
        for (Phase phase : pipeline.plan()) {
            phases.add(new SchemaDocument.PhaseEntry(phase.index(), new EntryView(phase.steps(), keys)));
        }
        List<String> types = pipeline.registeredTypes().stream().map(Class::getName).toList();
        SchemaDocument.CodecInfo codecInfo = new SchemaDocument.CodecInfo(codec.id(), codec.fingerprint(), types);
        String digest = Json.canonicalSha256Hex(List.of(pipeline.name(), codecInfo, phases));
        return new SchemaDocument(SchemaDocument.FORMAT, pipeline.name(), digest, codecInfo, phases);
    }

    /**
     * {@code base} (the schema of the static pipeline) with the steps of {@code expanded} that are not in it
     * listed under {@code expansions}, grouped by generator, with their phases and keys.
     */
    public static SchemaDocument withExpansions(SchemaDocument base, Pipeline expanded, Map<String, String> keys) {
        Map<String, Map<Integer, List<SchemaDocument.StepEntry>>> byGenerator = new LinkedHashMap<>();
        for (Phase phase : expanded.plan()) {
            for (StepDefinition s : phase.steps()) {
                String generator = expanded.generatedBy().get(s.name());
                if (generator != null) {
                    byGenerator.computeIfAbsent(generator, g -> new TreeMap<>())
                            .computeIfAbsent(phase.index(), i -> new ArrayList<>()).add(entry(s, keys));
                }
            }
        }
        List<SchemaDocument.ExpansionEntry> expansions = new ArrayList<>();
        byGenerator.forEach((generator, phases) -> {
            List<SchemaDocument.PhaseEntry> entries = new ArrayList<>();
            phases.forEach((index, steps) -> entries.add(new SchemaDocument.PhaseEntry(index, steps)));
            expansions.add(new SchemaDocument.ExpansionEntry(generator, entries));
        });
        return new SchemaDocument(base.format(), base.pipeline(), base.digest(), base.codec(), base.phases(), expansions);
    }

    private static SchemaDocument.StepEntry entry(StepDefinition s, Map<String, String> keys) {
        return new SchemaDocument.StepEntry(s.name(), s.kind().label(), s.code().description(),
                s.code().digest(), s.version(), s.params().asMap(), s.env().isEmpty() ? Map.of() : new TreeMap<>(s.env()),
                s.inputs(), s.after(), keys.get(s.name()), s.afterFinished(), s.attributes());
    }

    /** The schema entries of one phase's steps, made on each read from the definitions and keys. Immutable. */
    private static final class EntryView extends AbstractList<SchemaDocument.StepEntry> implements RandomAccess {
        private final List<StepDefinition> steps;
        private final Map<String, String> keys;

        EntryView(List<StepDefinition> steps, Map<String, String> keys) {
            this.steps = steps;
            this.keys = keys;
        }

        @Override
        public SchemaDocument.StepEntry get(int index) {
            return entry(steps.get(index), keys);
        }

        @Override
        public int size() {
            return steps.size();
        }
    }

    /** Reads a schema file; null if there is none. */
    public static SchemaDocument read(Path file) {
        try {
            SchemaDocument doc = Json.PRETTY.readValue(Files.readAllBytes(file), SchemaDocument.class);
            SchemaShape.check(file, doc);
            return doc;
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CacheAccessException("cannot read schema file " + file + ": permission denied", e);
        } catch (JsonProcessingException e) {
            throw new CacheAccessException("schema file " + file + " is not valid JSON (" + e.getOriginalMessage()
                    + "); it was damaged or not written by Phasor. Move it away to start a fresh cache.", e);
        } catch (IOException e) {
            throw new CacheAccessException("cannot read schema file " + file + ": " + e, e);
        }
    }

    /**
     * Writes the schema atomically: compact JSON streamed to a temporary sibling, then renamed into place. A run
     * writes it before its first step, so its cost is in every run's wall time: for 100,000 steps the indented
     * text was about 30 MB built in memory first; compact and streamed it is about a third smaller and never
     * held whole. Readers parse either form. The file is created with {@code mode}.
     */
    public static void write(Path file, SchemaDocument doc, CacheMode mode) {
        try {
            Path tmp = ResultFile.temporarySibling(file);
            try (OutputStream out = new BufferedOutputStream(mode.newOutputStream(tmp), 1 << 16)) {
                SchemaWriter.write(out, doc); // what Json.COMPACT.writeValue writes, without data binding
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            ResultFile.moveIntoPlace(tmp, file);
        } catch (IOException e) {
            throw new CacheAccessException("cannot write schema file " + file + ": " + e, e);
        }
    }

    /**
     * Writes {@code expected} if the cache has no schema yet; returns quietly if the stored one is the
     * same definition; otherwise throws, writing nothing.
     *
     * @return true if the schema was written now (a fresh cache), false if it was already there
     * @throws SchemaConflictException naming the first difference
     */
    public static boolean verifyOrWrite(CacheLayout layout, SchemaDocument expected) {
        SchemaDocument stored = read(layout.schemaFile());
        if (stored == null) {
            write(layout.schemaFile(), expected, layout.mode());
            return true;
        }
        requireSame(layout, stored, expected);
        return false;
    }

    /**
     * Checks, writing nothing at all (not even the lock), that the cache holds no schema or the same one.
     * The coordinator calls it before taking the lock, so that a refused run leaves every file untouched;
     * {@link #verifyOrWrite} repeats the check under the lock.
     *
     * @throws SchemaConflictException naming the first difference
     */
    public static void verify(CacheLayout layout, SchemaDocument expected) {
        SchemaDocument stored = read(layout.schemaFile());
        if (stored != null) {
            requireSame(layout, stored, expected);
        }
    }

    /**
     * Accepts {@code expected} as the cache's definition ({@code run --update}): writes it if the stored
     * schema differs (or there is none) and moves the files of steps that the new definition no longer
     * has to {@code removed/} (see {@link RemovedSteps}). Steps whose key changed need nothing here: their
     * old results no longer match their key and are run again. Call it under the cache lock.
     *
     * @return the names of the removed steps, in the old plan order
     */
    public static List<String> update(CacheLayout layout, SchemaDocument expected) {
        SchemaDocument stored = read(layout.schemaFile());
        if (stored != null && stored.digest().equals(expected.digest())) {
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        if (stored != null) {
            Map<String, SchemaDocument.StepEntry> now = byName(expected);
            for (String name : byName(stored).keySet()) {
                if (!now.containsKey(name)) {
                    removed.add(name);
                }
            }
            RemovedSteps.moveAside(layout, removed);
        }
        write(layout.schemaFile(), expected, layout.mode());
        return removed;
    }

    private static void requireSame(CacheLayout layout, SchemaDocument stored, SchemaDocument expected) {
        String otherClass = StepClasses.difference(stored, expected);
        if (otherClass != null && !stored.digest().equals(expected.digest())) {
            // --update would move the other pipeline's results into removed/: not advised
            throw new SchemaConflictException("cache " + layout.dir() + " holds another pipeline named '"
                    + expected.pipeline() + "': " + otherClass + ". Nothing was run or written. Give one of them"
                    + " another name (Pipeline.builder(\"...\")) or use another --cache.");
        }
        if (!stored.digest().equals(expected.digest())) {
            throw new SchemaConflictException("cache " + layout.dir() + " holds the results of a different definition"
                    + " of pipeline '" + expected.pipeline() + "': " + firstDifference(stored, expected)
                    + ". Nothing was run or written. Run with --update to accept the new definition (steps whose"
                    + " key changed, and their downstream, run again), use another --cache, or delete " + layout.dir()
                    + " to start afresh.");
        }
    }

    /** True if the stored schema is another pipeline class's of the same name ({@code --update} would harm it). */
    public static boolean writtenByAnotherClass(SchemaDocument stored, SchemaDocument now) {
        return StepClasses.difference(stored, now) != null;
    }

    /** Describes the first difference between a stored schema and a new one, as a person would say it. */
    public static String firstDifference(SchemaDocument stored, SchemaDocument now) {
        String otherClass = StepClasses.difference(stored, now);
        if (otherClass != null) {
            return otherClass;
        }
        Map<String, SchemaDocument.StepEntry> old = byName(stored);
        Map<String, SchemaDocument.StepEntry> current = byName(now);
        for (String name : current.keySet()) {
            if (!old.containsKey(name)) {
                return "step '" + name + "' was added";
            }
        }
        for (String name : old.keySet()) {
            if (!current.containsKey(name)) {
                return "step '" + name + "' was removed";
            }
        }
        for (Map.Entry<String, SchemaDocument.StepEntry> e : current.entrySet()) {
            String diff = stepDifference(old.get(e.getKey()), e.getValue());
            if (diff != null) {
                return "step '" + e.getKey() + "' changed: " + diff;
            }
        }
        if (!Json.canonical(stored.codec()).equals(Json.canonical(now.codec()))) {
            return "the registered result types changed: " + stored.codec().types() + " -> " + now.codec().types();
        }
        return "the schema digest differs (" + stored.digest() + " -> " + now.digest() + ")";
    }

    private static String stepDifference(SchemaDocument.StepEntry a, SchemaDocument.StepEntry b) {
        Map<String, Object[]> fields = new LinkedHashMap<>();
        fields.put("kind", new Object[] {a.kind(), b.kind()});
        fields.put("code", new Object[] {a.code() + "@" + a.codeDigest(), b.code() + "@" + b.codeDigest()});
        fields.put("version", new Object[] {a.version(), b.version()});
        fields.put("parameters", new Object[] {a.params(), b.params()});
        fields.put("environment", new Object[] {a.env(), b.env()});
        fields.put("inputs", new Object[] {a.inputs(), b.inputs()});
        fields.put("after", new Object[] {a.after(), b.after()});
        fields.put("after-finished", new Object[] {orEmpty(a.afterFinished()), orEmpty(b.afterFinished())});
        fields.put("attributes", new Object[] {orEmpty(a.attributes()), orEmpty(b.attributes())});
        for (Map.Entry<String, Object[]> f : fields.entrySet()) {
            String before = Json.canonical(f.getValue()[0]);
            String after = Json.canonical(f.getValue()[1]);
            if (!before.equals(after)) {
                if (f.getKey().equals("code")) {
                    return "its code differs (" + a.code() + " was edited, or its version or captured values changed)";
                }
                return "its " + f.getKey() + " " + before + " -> " + after;
            }
        }
        if (!a.key().equals(b.key())) {
            return "its key changed because an upstream step changed";
        }
        return null;
    }

    /** Empty and absent are the same: the field is omitted from the file when empty. */
    private static Object orEmpty(Object listOrMap) {
        boolean empty = listOrMap == null || listOrMap instanceof java.util.Collection<?> c && c.isEmpty()
                || listOrMap instanceof Map<?, ?> m && m.isEmpty();
        return empty ? null : listOrMap;
    }

    /** The schema's steps by name, in plan order. */
    public static Map<String, SchemaDocument.StepEntry> byName(SchemaDocument doc) {
        Map<String, SchemaDocument.StepEntry> map = new LinkedHashMap<>();
        for (SchemaDocument.PhaseEntry p : doc.phases()) {
            for (SchemaDocument.StepEntry s : p.steps()) {
                map.put(s.name(), s);
            }
        }
        return map;
    }
}
