package dev.phasor.exec;

import dev.phasor.api.FileSet;
import dev.phasor.api.PhasorException;
import dev.phasor.api.Pipeline;
import dev.phasor.api.StepDefinition;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheMode;
import dev.phasor.cache.PipelineCodecs;
import dev.phasor.cache.ResultStore;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.key.StepKeys;
import dev.phasor.serialization.Codec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A pipeline made ready to run against one cache directory: its step keys, codec, schema and result
 * store. Built the same way in the coordinator and in every worker, which is how they can check that
 * they agree ({@link #fingerprint()}). Immutable and thread-safe.
 */
public final class PreparedPipeline {

    /** The pipeline as defined (its static part, for a dynamic one): what the fingerprint covers. */
    private final Pipeline base;
    private final ClassLoader loader;
    private final ResultStore results;
    private final SchemaDocument baseSchema;
    private final Map<String, String> baseKeys;
    /** The pipeline with the expansions applied so far, its keys and schema: replaced together, never mutated. */
    private volatile State state;

    private record State(Pipeline pipeline, Map<String, String> keys, SchemaDocument schema) {
    }

    private PreparedPipeline(Pipeline pipeline, ClassLoader loader, Path cacheRoot, CacheMode mode) {
        this.base = pipeline;
        this.loader = loader;
        Map<String, String> keys = StepKeys.compute(pipeline);
        Codec codec = PipelineCodecs.forTypes(pipeline.registeredTypes(), loader);
        CacheLayout layout = new CacheLayout(cacheRoot.toAbsolutePath().normalize(), pipeline.name(), mode);
        this.results = new ResultStore(layout, codec);
        this.baseSchema = SchemaFile.of(pipeline, keys, codec);
        this.baseKeys = keys;
        this.state = new State(pipeline, keys, baseSchema);
    }

    /**
     * Prepares {@code pipeline}, whose classes come from {@code loader}, for the cache root {@code cacheRoot}; what
     * it writes there gets the permissions the umask gives ({@link CacheMode#UMASK}).
     */
    public static PreparedPipeline prepare(Pipeline pipeline, ClassLoader loader, Path cacheRoot) {
        return prepare(pipeline, loader, cacheRoot, CacheMode.UMASK);
    }

    /**
     * As {@link #prepare(Pipeline, ClassLoader, Path)}, every file and directory written in the cache created with
     * {@code mode} ({@code run --cache-mode}): the coordinator and every worker that writes in the cache prepare
     * their pipeline with the run's mode.
     */
    public static PreparedPipeline prepare(Pipeline pipeline, ClassLoader loader, Path cacheRoot, CacheMode mode) {
        return new PreparedPipeline(pipeline, loader, cacheRoot, mode);
    }

    /** The pipeline with every expansion applied so far (the defined one for a static pipeline). */
    public Pipeline pipeline() {
        return state.pipeline();
    }

    /**
     * The step called {@code name}. A worker that meets a generated step it does not know yet re-applies
     * the expansions whose generators have a valid result in the cache (pure functions of that data, so it
     * gets the coordinator's steps) before looking again.
     */
    public StepDefinition step(String name) {
        if (!state.pipeline().hasStep(name) && base.isDynamic()) {
            expand(g -> results.isValid(g, key(g)), g -> results.isValid(g, key(g)));
            if (!state.pipeline().hasStep(name)) {
                throw new IllegalArgumentException("pipeline '" + base.name() + "' has no step '" + name + "' here, even"
                        + " after expanding the generators whose results are readable in " + layout().dir()
                        + " (generated steps need the shared cache: not supported with results over the network)");
            }
        }
        return state.pipeline().step(name);
    }

    /**
     * Applies the expansions of the generators that are {@code done} and not yet applied, and adds the
     * pattern fan-ins once every generator is {@code finished} (done, failed or skipped). Steps already
     * planned keep their names, keys and phases; new ones land in later phases.
     *
     * @return true if steps were added
     * @throws dev.phasor.api.PipelineDefinitionException if an expansion declares invalid steps
     */
    public synchronized boolean expand(Predicate<String> done, Predicate<String> finished) {
        Pipeline now = state.pipeline();
        if (!base.isDynamic()) {
            return false;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        boolean grows = false;
        boolean allFinished = true;
        for (String g : base.generators()) {
            if (done.test(g)) {
                data.put(g, dataOf(g));
                grows |= !now.expandedGenerators().contains(g);
            }
            allFinished &= finished.test(g);
        }
        boolean fanIns = allFinished;
        grows |= fanIns && !now.hasFanIns();
        if (!grows) {
            return false;
        }
        Pipeline expanded = base.expanded(data, fanIns);
        Map<String, String> keys = StepKeys.compute(expanded);
        state = new State(expanded, keys, SchemaFile.withExpansions(baseSchema, expanded, keys));
        return true;
    }

    /** What an expansion reads: the generator's cached result, or the files of its output directory that match. */
    private Object dataOf(String generator) {
        FileSet files = base.fileSetOf(generator);
        if (files != null) {
            return files.files(generator, layout().filesDir(generator));
        }
        try {
            return results.read(generator, key(generator));
        } catch (IOException e) {
            throw new PhasorException("cannot read the result of generator '" + generator + "' to expand it: " + e, e);
        }
    }

    /** The class loader of the pipeline's classes (the context class loader while its steps run). */
    public ClassLoader loader() {
        return loader;
    }

    /** Step keys by name, in plan order. */
    public Map<String, String> keys() {
        return state.keys();
    }

    public String key(String step) {
        return state.keys().get(step);
    }

    public ResultStore results() {
        return results;
    }

    public CacheLayout layout() {
        return results.layout();
    }

    /** The schema: the defined steps, and under {@code expansions} the steps generated so far. */
    public SchemaDocument schema() {
        return state.schema();
    }

    /** The plan fingerprint: the schema digest. Equal fingerprints mean the same steps, code and keys. */
    public String fingerprint() {
        return baseSchema.digest();
    }

    /** {@code name=key} for every defined step in plan order: what a worker compares to find the first difference. */
    public List<String> signature() {
        List<String> sig = new ArrayList<>();
        baseKeys.forEach((name, key) -> sig.add(name + "=" + key));
        return sig;
    }

    /**
     * The first step that differs between this build and another JVM's {@link #signature()}, in words;
     * null if they are the same.
     */
    public String firstDifference(List<String> other) {
        List<String> mine = signature();
        for (int i = 0; i < Math.max(mine.size(), other.size()); i++) {
            String a = i < mine.size() ? mine.get(i) : null;
            String b = i < other.size() ? other.get(i) : null;
            if (a == null) {
                return "step '" + name(b) + "' exists only in the worker's build";
            }
            if (b == null) {
                return "step '" + name(a) + "' is missing from the worker's build";
            }
            if (!a.equals(b)) {
                return name(a).equals(name(b)) ? "step '" + name(a) + "' differs (another definition, code or parameters)"
                        : "step #" + (i + 1) + " is '" + name(a) + "' here but '" + name(b) + "' in the worker's build";
            }
        }
        return null;
    }

    private static String name(String signatureEntry) {
        return signatureEntry.substring(0, signatureEntry.lastIndexOf('='));
    }

    /** A step executor over this pipeline. */
    public StepExecutor executor() {
        return new StepExecutor(this);
    }
}
