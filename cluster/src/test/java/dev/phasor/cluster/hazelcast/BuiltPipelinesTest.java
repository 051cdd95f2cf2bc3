package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheMode;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.testkit.Diamond;
import dev.phasor.testkit.Dynamic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a worker may reuse from the pipeline it built for an earlier run, and what it must build again. */
class BuiltPipelinesTest {

    @TempDir
    Path tmp;

    private PreparedPipeline diamond() {
        return PreparedPipeline.prepare(new Diamond().define(), Diamond.class.getClassLoader(), tmp.resolve("cache"));
    }

    private BuiltPipelines.Source source(List<String> classpath) {
        return BuiltPipelines.Source.of(Diamond.class.getName(), classpath, tmp.resolve("cache").toString(),
                CacheMode.UMASK);
    }

    @Test
    void reusesTheLastBuildOfTheSamePipelineWithTheCoordinatorsFingerprint() {
        BuiltPipelines kept = new BuiltPipelines();
        PreparedPipeline built = diamond();
        assertTrue(kept.keep(source(List.of()), built));
        assertSame(built, kept.reuse(source(List.of()), built.fingerprint()));
        assertTrue(kept.holds(built.loader()), "its class loader stays open for the next run");
    }

    @Test
    void aNewBuildReplacesTheKeptOne() {
        BuiltPipelines kept = new BuiltPipelines();
        PreparedPipeline first = diamond();
        PreparedPipeline second = diamond();
        assertNull(kept.current());
        kept.keep(source(List.of()), first);
        assertSame(first, kept.current());
        kept.keep(source(List.of()), second);
        assertSame(second, kept.current(), "the worker closes the loader of the build it replaced");
    }

    @Test
    void buildsAgainForAnotherFingerprintClassOrCacheRoot() {
        BuiltPipelines kept = new BuiltPipelines();
        PreparedPipeline built = diamond();
        kept.keep(source(List.of()), built);
        assertNull(kept.reuse(source(List.of()), "another-fingerprint"), "the definition now builds another plan");
        assertNull(kept.reuse(BuiltPipelines.Source.of(Dynamic.class.getName(), List.of(),
                tmp.resolve("cache").toString(), CacheMode.UMASK), built.fingerprint()));
        assertNull(kept.reuse(BuiltPipelines.Source.of(Diamond.class.getName(), List.of(),
                tmp.resolve("other").toString(), CacheMode.UMASK), built.fingerprint()));
        assertNull(kept.reuse(BuiltPipelines.Source.of(Diamond.class.getName(), List.of(),
                tmp.resolve("cache").toString(), CacheMode.PRIVATE), built.fingerprint()),
                "files of another --cache-mode: a build keeps its cache layout's mode");
    }

    @Test
    void buildsAgainWhenAJarAtTheSamePathChanges() throws Exception {
        Path jar = tmp.resolve("app.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        BuiltPipelines kept = new BuiltPipelines();
        PreparedPipeline built = diamond();
        assertTrue(kept.keep(source(List.of(jar.toString())), built));
        assertSame(built, kept.reuse(source(List.of(jar.toString())), built.fingerprint()));

        Path next = tmp.resolve("app.jar.new");
        Files.write(next, new byte[] {4, 5, 6}); // same size, another file moved over the old one
        Files.move(next, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNull(kept.reuse(source(List.of(jar.toString())), built.fingerprint()), "a new jar is picked up");

        kept.keep(source(List.of(jar.toString())), built);
        Files.write(jar, new byte[] {7, 8, 9}); // rewritten in place, same size
        assertNull(kept.reuse(source(List.of(jar.toString())), built.fingerprint()), "a rewritten jar is picked up");
    }

    @Test
    void neverKeepsAClassDirectoryAMissingEntryOrADynamicPipeline() throws Exception {
        BuiltPipelines kept = new BuiltPipelines();
        PreparedPipeline built = diamond();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        assertFalse(kept.keep(source(List.of(classes.toString())), built), "its files are not checked");
        assertFalse(kept.keep(source(List.of(tmp.resolve("missing.jar").toString())), built));
        assertNull(kept.reuse(source(List.of(classes.toString())), built.fingerprint()));

        PreparedPipeline dynamic = PreparedPipeline.prepare(new Dynamic().define(), Dynamic.class.getClassLoader(),
                tmp.resolve("cache"));
        assertFalse(kept.keep(BuiltPipelines.Source.of(Dynamic.class.getName(), List.of(),
                tmp.resolve("cache").toString(), CacheMode.UMASK), dynamic), "a dynamic pipeline grows while it runs");
    }
}
