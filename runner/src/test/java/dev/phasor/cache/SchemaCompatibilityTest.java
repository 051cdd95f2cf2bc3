package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.exec.PreparedPipeline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fields added to the schema later must not change the digest of pipelines that do not use them. */
class SchemaCompatibilityTest {

    @TempDir
    Path cache;

    @Test
    void aPipelineWithoutNewerFeaturesKeepsTheDigestOfEarlierVersions() {
        PipelineBuilder p = Pipeline.builder("compat");
        Step<ShellResult> a = p.shell("a", "echo a").env("X", "1");
        p.shell("b", "echo b", a);
        p.shell("c", "echo c").after(a);
        PreparedPipeline prepared = PreparedPipeline.prepare(p.build(), getClass().getClassLoader(), cache);

        // Recorded before afterFinished and attributes were added to the schema: old caches stay valid.
        assertEquals("2ce31534aa2eb96f11b2c945254d9bc783b15d1ddbf751f17d534d8f96d8bbd4", prepared.fingerprint());
    }

    @Test
    void aChangedAttributeIsNamedAsTheFirstDifference() {
        Phasor.runner().cache(cache).run(withCpu(1));

        SchemaConflictException e = assertThrows(SchemaConflictException.class,
                () -> Phasor.runner().cache(cache).run(withCpu(2)));

        assertTrue(e.getMessage().contains("step 'a' changed: its attributes {\"cpu\":1.0} -> {\"cpu\":2.0}"),
                e.getMessage());
    }

    private static Pipeline withCpu(double cpu) {
        PipelineBuilder p = Pipeline.builder("cpu");
        p.shell("a", "echo a").cpu(cpu);
        return p.build();
    }
}
