package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.internal.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed schema is the text Jackson's data binding wrote before, byte for byte, and reads back equal. */
class SchemaWriterTest {

    @TempDir
    Path cache;

    @Test
    void aPipelineUsingEveryFieldIsWrittenAsDataBindingWritesIt() throws Exception {
        PipelineBuilder p = Pipeline.builder("every-field");
        Step<Integer> a = p.step("a", Params.of("i", 3, "s", "x\"y\\z\n", "d", 2.5, "b", true), q -> 1).version("v2");
        Step<ShellResult> sh = p.shell("sh", "echo $X", a).env("X", "1").env("Y", "é");
        Step<Integer> c = p.step("c", () -> 2).after(sh).attribute("cpu", 2.0).attribute("image", "debian:12");
        p.step("d", Params.of("list", List.of(1, 2, 3), "map", Map.of("k", "v")), q -> 3).afterFinished(c);
        SchemaDocument doc = PreparedPipeline.prepare(p.build(), getClass().getClassLoader(), cache).schema();

        assertSameAsDataBinding(doc);
    }

    @Test
    void nullsEmptiesAndExpansionsAreWrittenAsDataBindingWritesThem() throws Exception {
        SchemaDocument.StepEntry bare = new SchemaDocument.StepEntry("n", "java", null, null, null, null, null, null,
                null, null, null, null);
        SchemaDocument.StepEntry empty = new SchemaDocument.StepEntry("e", "java", "c", "d", "", Map.of(), Map.of(),
                List.of(), List.of(), "k", List.of(), Map.of());
        SchemaDocument.StepEntry full = new SchemaDocument.StepEntry("f", "shell", "c", "d", "1",
                Map.of("n", 1L), Map.of("A", "b"), List.of("n"), List.of("e"), "k", List.of("e"), Map.of("mem", "1g"));
        List<SchemaDocument.PhaseEntry> phases = List.of(new SchemaDocument.PhaseEntry(0, Arrays.asList(bare, empty)),
                new SchemaDocument.PhaseEntry(1, List.of(full)), new SchemaDocument.PhaseEntry(2, null));
        SchemaDocument.ExpansionEntry expansion = new SchemaDocument.ExpansionEntry("gen", phases);

        assertSameAsDataBinding(new SchemaDocument(1, "p", "dg", new SchemaDocument.CodecInfo("kryo5", "f", List.of("a.B")),
                phases, List.of(expansion)));
        assertSameAsDataBinding(new SchemaDocument(1, "p", "dg", new SchemaDocument.CodecInfo(null, null, null), phases, null));
        assertSameAsDataBinding(new SchemaDocument(1, null, null, null, null, List.of()));
    }

    @Test
    void randomParametersAreWrittenAsDataBindingWritesThem() throws Exception {
        Random random = new Random(42);
        PipelineBuilder p = Pipeline.builder("random");
        for (int i = 0; i < 300; i++) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (int k = random.nextInt(5); k > 0; k--) {
                params.put(text(random), switch (random.nextInt(5)) {
                    case 0 -> random.nextInt();
                    case 1 -> random.nextDouble() * 1e6;
                    case 2 -> text(random);
                    case 3 -> random.nextBoolean();
                    default -> List.of(text(random), random.nextLong());
                });
            }
            p.step("s" + i, Params.of(params), q -> 1);
        }
        SchemaDocument doc = PreparedPipeline.prepare(p.build(), getClass().getClassLoader(), cache).schema();

        assertSameAsDataBinding(doc);
    }

    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(6); n > 0; n--) {
            sb.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x3000)));
        }
        return sb.toString();
    }

    private void assertSameAsDataBinding(SchemaDocument doc) throws Exception {
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        SchemaWriter.write(streamed, doc);
        assertEquals(new String(Json.COMPACT.writeValueAsBytes(doc), StandardCharsets.UTF_8),
                new String(streamed.toByteArray(), StandardCharsets.UTF_8));

        Path file = Files.createTempFile(cache, "schema", ".json");
        Files.delete(file);
        SchemaFile.write(file, doc, CacheMode.UMASK);
        assertEquals(Json.PRETTY.readTree(Json.COMPACT.writeValueAsBytes(doc)), Json.PRETTY.readTree(Files.readAllBytes(file)));
    }
}
