package dev.phasor.bench.jmh;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.api.Step;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.PipelineCodecs;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.key.StepKeys;
import dev.phasor.serialization.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code pipeline.schema} for a pipeline of 1,000 steps (10 phases x 100, each step with a parameter and
 * two upstream steps): building the document (canonical JSON, SHA-256 digest), writing it atomically, and
 * validating the stored file against it (read, parse, compare) as every run does before anything else.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SchemaBench {

    static final int PHASES = 10;
    static final int WIDTH = 100;

    private Path dir;
    private CacheLayout layout;
    private Pipeline pipeline;
    private Map<String, String> keys;
    private Codec codec;
    private SchemaDocument doc;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("phasor-jmh-schema-");
        layout = new CacheLayout(dir, "schema-1000");
        layout.create();
        pipeline = layered(layout.pipeline(), PHASES, WIDTH, 0);
        keys = StepKeys.compute(pipeline);
        codec = PipelineCodecs.forTypes(pipeline.registeredTypes(), SchemaBench.class.getClassLoader());
        doc = SchemaFile.of(pipeline, keys, codec);
        SchemaFile.write(layout.schemaFile(), doc, layout.mode());
        checkStored();
        // Validation must be able to fail: a pipeline with one parameter changed is refused.
        Pipeline other = layered(layout.pipeline(), PHASES, WIDTH, 1);
        try {
            SchemaFile.verify(layout, SchemaFile.of(other, StepKeys.compute(other), codec));
            throw new IllegalStateException("a changed pipeline passed schema validation");
        } catch (SchemaConflictException expected) {
            // the guard works
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        checkStored();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Step keys of the 1,000 steps (SHA-256 Merkle chain; code identities are cached per lambda). */
    @Benchmark
    public Map<String, String> stepKeys() {
        return StepKeys.compute(pipeline);
    }

    /** The schema document and its digest. */
    @Benchmark
    public SchemaDocument build() {
        return SchemaFile.of(pipeline, keys, codec);
    }

    /** Pretty JSON written to a temporary file, renamed over pipeline.schema. */
    @Benchmark
    public void write() {
        SchemaFile.write(layout.schemaFile(), doc, layout.mode());
    }

    /** Read and parse the stored schema and compare it with the current definition. */
    @Benchmark
    public void validate() {
        SchemaFile.verify(layout, doc);
    }

    /** Write, then validate: what a first run does. */
    @Benchmark
    public void writeAndValidate() {
        SchemaFile.write(layout.schemaFile(), doc, layout.mode());
        SchemaFile.verify(layout, doc);
    }

    private void checkStored() {
        SchemaDocument stored = SchemaFile.read(layout.schemaFile());
        int steps = stored.phases().stream().mapToInt(p -> p.steps().size()).sum();
        if (!doc.digest().equals(stored.digest()) || steps != PHASES * WIDTH) {
            throw new IllegalStateException("stored schema differs: " + steps + " steps, digest " + stored.digest());
        }
    }

    /** {@code phases} x {@code width} steps; {@code salt} changes one parameter of the last step. */
    static Pipeline layered(String name, int phases, int width, int salt) {
        PipelineBuilder p = Pipeline.builder(name);
        List<Step<Long>> prev = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            prev.add(p.step("s0_" + i, Params.of("i", i), ps -> (long) ps.getInt("i")));
        }
        for (int ph = 1; ph < phases; ph++) {
            List<Step<Long>> next = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                int k = ph == phases - 1 && i == width - 1 ? salt : 0;
                next.add(p.step("s" + ph + "_" + i, Params.of("k", k), prev.get(i), prev.get((i + 1) % width),
                        (ps, a, b) -> a + b + ps.getInt("k")));
            }
            prev = next;
        }
        return p.build();
    }
}
