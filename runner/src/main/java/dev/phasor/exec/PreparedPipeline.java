package dev.phasor.exec;

import dev.phasor.api.Pipeline;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.PipelineCodecs;
import dev.phasor.cache.ResultStore;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.key.StepKeys;
import dev.phasor.serialization.Codec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pipeline made ready to run against one cache directory: its step keys, codec, schema and result
 * store. Built the same way in the coordinator and in every worker, which is how they can check that
 * they agree ({@link #fingerprint()}). Immutable and thread-safe.
 */
public final class PreparedPipeline {

    private final Pipeline pipeline;
    private final ClassLoader loader;
    private final Map<String, String> keys;
    private final ResultStore results;
    private final SchemaDocument schema;

    private PreparedPipeline(Pipeline pipeline, ClassLoader loader, Path cacheRoot) {
        this.pipeline = pipeline;
        this.loader = loader;
        this.keys = StepKeys.compute(pipeline);
        Codec codec = PipelineCodecs.forTypes(pipeline.registeredTypes(), loader);
        CacheLayout layout = new CacheLayout(cacheRoot.toAbsolutePath().normalize(), pipeline.name());
        this.results = new ResultStore(layout, codec);
        this.schema = SchemaFile.of(pipeline, keys, codec);
    }

    /** Prepares {@code pipeline}, whose classes come from {@code loader}, for the cache root {@code cacheRoot}. */
    public static PreparedPipeline prepare(Pipeline pipeline, ClassLoader loader, Path cacheRoot) {
        return new PreparedPipeline(pipeline, loader, cacheRoot);
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The class loader of the pipeline's classes (the context class loader while its steps run). */
    public ClassLoader loader() {
        return loader;
    }

    /** Step keys by name, in plan order. */
    public Map<String, String> keys() {
        return keys;
    }

    public String key(String step) {
        return keys.get(step);
    }

    public ResultStore results() {
        return results;
    }

    public CacheLayout layout() {
        return results.layout();
    }

    public SchemaDocument schema() {
        return schema;
    }

    /** The plan fingerprint: the schema digest. Equal fingerprints mean the same steps, code and keys. */
    public String fingerprint() {
        return schema.digest();
    }

    /** {@code name=key} for every step in plan order: what a worker compares to find the first difference. */
    public List<String> signature() {
        List<String> sig = new ArrayList<>(keys.size());
        keys.forEach((name, key) -> sig.add(name + "=" + key));
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
