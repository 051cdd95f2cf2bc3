package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasor.Phasor;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.cli.Cli;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunReport;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.support.StatusJson;
import dev.phasor.testkit.Trio;
import dev.phasor.testkit.Variants;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 2, point 6: a run whose schema differs is refused, naming the first difference, writing nothing. */
class SchemaConflictTest {

    @TempDir
    Path cache;

    private CacheSnapshot before;

    @BeforeEach
    void runTheBaseDefinitionAndFreezeTheCache() {
        RunReport base = Phasor.runner().cache(cache).run(Variants.Base.class);
        assertEquals(0, base.exitCode());
        CacheSnapshot.ageAll(cache);
        before = CacheSnapshot.of(cache);
        assertTrue(before.size() > 8, "the cache holds schema, results, statuses and summary");
    }

    private SchemaConflictException refused(Class<? extends PipelineDefinition> definition) {
        SchemaConflictException e = assertThrows(SchemaConflictException.class,
                () -> Phasor.runner().cache(cache).run(definition));
        assertTrue(e.getMessage().contains("Nothing was run or written"), e.getMessage());
        assertEquals(ExitCodes.CACHE, ExitCodes.of(e));
        before.assertUnchanged();
        return e;
    }

    @Test
    void addedStepIsRefusedNamingItAndNoFileChanges() {
        assertTrue(refused(Variants.Added.class).getMessage().contains("step 'extra' was added"));
    }

    @Test
    void removedStepIsRefusedNamingItAndNoFileChanges() {
        assertTrue(refused(Variants.Removed.class).getMessage().contains("step 'sum' was removed"));
    }

    @Test
    void changedParameterIsRefusedNamingTheStepAndBothValues() {
        String message = refused(Variants.Changed.class).getMessage();
        assertTrue(message.contains("step 'two' changed: its parameters {\"v\":2} -> {\"v\":22}"), message);
    }

    private static dev.phasor.api.Pipeline versioned(String version) {
        dev.phasor.api.PipelineBuilder p = dev.phasor.api.Pipeline.builder("versioned");
        p.step("v", () -> 1).version(version);
        return p.build();
    }

    @Test
    void bumpedVersionIsRefusedNamingTheStepAndBothVersions() {
        Phasor.runner().cache(cache).run(versioned("1"));
        Path dir = cache.resolve("versioned");
        CacheSnapshot.ageAll(dir);
        CacheSnapshot versionOne = CacheSnapshot.of(dir);
        SchemaConflictException e = assertThrows(SchemaConflictException.class,
                () -> Phasor.runner().cache(cache).run(versioned("2")));
        assertTrue(e.getMessage().contains("step 'v' changed: its version \"1\" -> \"2\""), e.getMessage());
        versionOne.assertUnchanged();
    }

    /** A result type. */
    public record Box(int v) {
    }

    private static dev.phasor.api.Pipeline typed(boolean registerBox) {
        dev.phasor.api.PipelineBuilder p = dev.phasor.api.Pipeline.builder("typed");
        if (registerBox) {
            p.register(Box.class);
        }
        p.step("n", () -> 1);
        return p.build();
    }

    @Test
    void changedRegisteredTypesAreRefusedSayingSo() {
        Phasor.runner().cache(cache).run(typed(false));
        SchemaConflictException e = assertThrows(SchemaConflictException.class,
                () -> Phasor.runner().cache(cache).run(typed(true)));
        assertTrue(e.getMessage().contains("the registered result types changed"), e.getMessage());
        assertTrue(e.getMessage().contains(Box.class.getName()), e.getMessage());
    }

    @Test
    void sameDefinitionResumesInsteadOfConflicting() {
        RunReport again = Phasor.runner().cache(cache).run(Variants.Base.class);
        assertEquals(0, again.executed());
    }

    @Test
    void conflictThroughTheCliExitsWithThreeAndWritesNothing() {
        CommandLine cl = Cli.commandLine(null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("run", Variants.Changed.class.getName(), "--cache", cache.toString());
        assertEquals(3, code, () -> out + "\n" + err);
        assertTrue(err.toString().contains("step 'two' changed"), err.toString());
        before.assertUnchanged();
    }

    @Test
    void schemaFileDescribesPhasesStepsParametersUpstreamAndKeys() {
        Phasor.runner().cache(cache).run(Trio.class);
        PreparedPipeline prepared = PreparedPipeline.prepare(new Trio().define(), getClass().getClassLoader(), cache);
        JsonNode schema = StatusJson.read(new CacheLayout(cache, "trio").schemaFile());
        assertEquals("trio", schema.get("pipeline").asText());
        assertEquals(prepared.fingerprint(), schema.get("digest").asText());
        JsonNode phases = schema.get("phases");
        assertEquals(2, phases.size());
        JsonNode a = phases.get(0).get("steps").get(0);
        assertEquals("a", a.get("name").asText());
        assertEquals(3, a.get("params").get("x").asInt());
        assertEquals("dev.phasor.testkit.Trio::square", a.get("code").asText());
        assertEquals(prepared.key("a"), a.get("key").asText());
        assertEquals("b", phases.get(0).get("steps").get(1).get("name").asText());
        JsonNode c = phases.get(1).get("steps").get(0);
        assertEquals("c", c.get("name").asText());
        assertEquals("[\"a\",\"b\"]", c.get("inputs").toString());
        assertEquals(prepared.key("c"), c.get("key").asText());
    }
}
