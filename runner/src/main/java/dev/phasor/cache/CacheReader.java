package dev.phasor.cache;

import dev.phasor.api.CacheAccessException;
import dev.phasor.api.PhasorException;
import dev.phasor.internal.FileLook;
import dev.phasor.serialization.Codec;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pipeline's cache directory cold, from any JVM, without the pipeline's code: statuses, the
 * summary and results. Result types the pipeline registered are loaded by name (as listed in its
 * schema) through the given class loader, so they must be on its classpath.
 *
 * <pre>{@code
 * CacheReader cache = CacheReader.open(Path.of("/shared/cache"), "simple");
 * double gamma = cache.result("gamma", Double.class);
 * }</pre>
 */
public final class CacheReader {

    private final CacheLayout layout;
    private final SchemaDocument schema;
    private final Map<String, SchemaDocument.StepEntry> steps = new LinkedHashMap<>();
    private final Map<String, Integer> phaseOf = new LinkedHashMap<>();
    private final ClassLoader loader;
    /** Made on first use: statuses and the summary need no result types, so they work without --classpath. */
    private ResultStore results;

    private CacheReader(CacheLayout layout, SchemaDocument schema, ClassLoader loader) {
        this.layout = layout;
        this.schema = schema;
        List<SchemaDocument.PhaseEntry> all = new java.util.ArrayList<>(schema.phases());
        if (schema.expansions() != null) {
            schema.expansions().forEach(e -> all.addAll(e.phases())); // steps generated at run time
        }
        for (SchemaDocument.PhaseEntry p : all) {
            for (SchemaDocument.StepEntry s : p.steps()) {
                steps.put(s.name(), s);
                phaseOf.put(s.name(), p.phase());
            }
        }
        this.loader = loader;
    }

    private synchronized ResultStore results() {
        if (results == null) {
            results = new ResultStore(layout, PipelineCodecs.forTypes(loadTypes(schema, loader), loader));
        }
        return results;
    }

    /** Opens pipeline {@code pipeline} under cache root {@code root}, using this class's loader for result types. */
    public static CacheReader open(Path root, String pipeline) {
        return open(root, pipeline, CacheReader.class.getClassLoader());
    }

    /**
     * Opens pipeline {@code pipeline} under {@code root}; {@code pipeline} may be null when the root holds
     * exactly one pipeline.
     *
     * @throws PhasorException (a usage error) if {@code pipeline} is none of the pipelines the cache holds
     * @throws CacheAccessException if the cache holds no pipeline, or its schema cannot be read
     */
    public static CacheReader open(Path root, String pipeline, ClassLoader loader) {
        String name = pipeline != null ? pipeline : onlyPipeline(root);
        CacheLayout layout = new CacheLayout(root, name);
        SchemaDocument schema = SchemaFile.read(layout.schemaFile());
        if (schema == null) {
            String others = otherPipelines(root);
            String message = "no pipeline '" + name + "' in cache " + root + " (no " + layout.schemaFile() + ")"
                    + others;
            // a --pipeline naming none of the pipelines there is a wrong value (usage); none at all, the cache's
            throw others.isEmpty() ? new CacheAccessException(message) : new PhasorException(message);
        }
        return new CacheReader(layout, schema, loader);
    }

    /** Names of the pipelines that have a schema under {@code root}. */
    public static List<String> pipelines(Path root) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                if (!Files.isReadable(d) || !Files.isExecutable(d)) { // else its schema would look absent
                    throw new CacheAccessException("cannot read cache directory " + d + ": permission denied"
                            + " (it belongs to " + owner(d) + ")");
                }
                if (Files.exists(d.resolve("pipeline.schema"))) {
                    names.add(d.getFileName().toString());
                }
            }
        } catch (NoSuchFileException e) {
            throw new CacheAccessException("cache directory " + root + " does not exist", e);
        } catch (IOException e) {
            throw new CacheAccessException("cannot list cache directory " + root + ": " + e, e);
        }
        names.sort(null);
        return names;
    }

    private static String owner(Path p) {
        try {
            return "user " + Files.getOwner(p).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "another user";
        }
    }

    /**
     * The name of the one pipeline under {@code root}.
     *
     * @throws PhasorException (a usage error) if there are several: the user must choose with --pipeline
     * @throws CacheAccessException if there is none
     */
    public static String onlyPipeline(Path root) {
        List<String> names = pipelines(root);
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.isEmpty()) {
            throw new CacheAccessException("cache " + root + " holds no pipeline (no */pipeline.schema)");
        }
        throw new PhasorException("cache " + root + " holds several pipelines " + names
                + "; choose one with --pipeline");
    }

    private static String otherPipelines(Path root) {
        try {
            List<String> names = pipelines(root);
            return names.isEmpty() ? "" : "; pipelines there: " + names;
        } catch (CacheAccessException e) {
            return "";
        }
    }

    /**
     * Packages a pipeline never registers result types from: the JDK's (its values are on the allow-list
     * already) and the libraries Phasor runs on. A schema naming one was crafted to widen a cold reader's
     * allow-list (the file is writable by whoever shares the cache), so it is refused before any class loads.
     */
    private static final List<String> NOT_PIPELINE_TYPES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "com.esotericsoftware.", "org.objenesis.", "com.fasterxml.", "picocli.", "org.objectweb.", "org.jline.",
            "com.hazelcast.", "mpi.", "mpjdev.", "mpjbuf.", "xdev.", "org.apache.", "dev.phasor.serialization.");

    private static void refuseLibraryType(SchemaDocument schema, String name) {
        for (String prefix : NOT_PIPELINE_TYPES) {
            if (name.startsWith(prefix)) {
                throw new CacheAccessException("pipeline '" + schema.pipeline() + "' lists '" + name + "' among its"
                        + " registered result types: a JDK or library class is never added to the Kryo allow-list"
                        + " (the schema file was crafted or damaged)");
            }
        }
    }

    private static List<Class<?>> loadTypes(SchemaDocument schema, ClassLoader loader) {
        List<Class<?>> types = new ArrayList<>();
        for (String name : schema.codec().types()) {
            refuseLibraryType(schema, name);
            try {
                types.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new CacheAccessException("result type " + name + " of pipeline '" + schema.pipeline()
                        + "' is not on the classpath; add the pipeline's jar with --classpath");
            }
        }
        return types;
    }

    public CacheLayout layout() {
        return layout;
    }

    public SchemaDocument schema() {
        return schema;
    }

    /** The codec results are decoded with. */
    public Codec codec() {
        return results().codec();
    }

    /** Step names in plan order. */
    public List<String> steps() {
        return List.copyOf(steps.keySet());
    }

    /** True if the pipeline has a step {@code step}. */
    public boolean hasStep(String step) {
        return steps.containsKey(step);
    }

    /** The step's phase (generated steps included). */
    public int phase(String step) {
        entry(step);
        return phaseOf.get(step);
    }

    /** The step's schema entry: its key, parameters and upstream steps. */
    public SchemaDocument.StepEntry stepEntry(String step) {
        return entry(step);
    }

    /**
     * True if the step's result file is whole (checksum) and was written for its key with the schema's
     * codec: the check a run makes before reusing it, without loading the result types.
     */
    public boolean hasValidResult(String step) {
        SchemaDocument.StepEntry e = entry(step);
        Path file = layout.resultFile(step);
        if (!FileLook.exists(file)) {
            return false;
        }
        try {
            return ResultFile.read(file, (header, payload) -> header.stepKey().equals(e.key())
                    && schema.codec().fingerprint().startsWith(header.codecFingerprint()));
        } catch (IOException ex) {
            return false;
        }
    }

    /** The step's latest status; a pending status if it has none, or if its status is for another key. */
    public StepStatus status(String step) {
        SchemaDocument.StepEntry entry = entry(step);
        StepStatus s = StatusFiles.read(layout.statusFile(step));
        if (s == null || !entry.key().equals(s.key())) {
            return StepStatus.pending(step, phaseOf.get(step), entry.key());
        }
        return s;
    }

    /** Statuses of all steps, in plan order. */
    public List<StepStatus> statuses() {
        List<StepStatus> all = new ArrayList<>(steps.size());
        for (String step : steps.keySet()) {
            all.add(status(step));
        }
        return all;
    }

    /** The summary table computed from the current status files. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        try {
            writeSummary(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** Writes the summary table computed from the current status files to {@code out}, a row at a time. */
    public void writeSummary(Appendable out) throws java.io.IOException {
        ResultStore values;
        try {
            values = results();
        } catch (CacheAccessException e) { // result types not on the classpath: the summary shows paths
            values = null;
        }
        SummaryTable.write(out, layout, statuses(), name -> SummaryTable.paramsText(steps.get(name).params()),
                values == null ? null : values::readFor);
    }

    /**
     * The step's result.
     *
     * @throws ResultUnavailableException saying why there is none (failed, skipped, not run, damaged)
     */
    public Object result(String step) {
        entry(step);
        StepStatus seen = status(step);
        try {
            return results().readFor(seen);
        } catch (ResultUnavailableException e) {
            // a run may have started the step again between the two reads: answer from its status now
            StepStatus now = status(step);
            if (now.equals(seen)) {
                throw e;
            }
            return results().readFor(now);
        }
    }

    /** The step's result, cast to {@code type}. */
    public <T> T result(String step, Class<T> type) {
        return type.cast(result(step));
    }

    private SchemaDocument.StepEntry entry(String step) {
        SchemaDocument.StepEntry e = steps.get(step);
        if (e == null) {
            throw new IllegalArgumentException("pipeline '" + schema.pipeline() + "' has no step '" + step + "'");
        }
        return e;
    }
}
