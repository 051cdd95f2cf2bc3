package dev.phasor.cli;

import dev.phasor.cache.CacheMode;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options of the commands that build a pipeline: its class, extra classpath and cache root. */
final class PipelineOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "CLASS",
            description = "Pipeline class (implements dev.phasor.api.PipelineDefinition).")
    String className;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "${env:PHASOR_CACHE:-phasor-cache}",
            description = "Cache root; results go to DIR/<pipeline>/ (default: $PHASOR_CACHE or ./phasor-cache).")
    Path cache;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Extra jars or class directories holding the pipeline (':' or ',' separated).")
    String classpath;

    PipelineSource source(String resolvedClass) {
        return new PipelineSource(resolvedClass, PipelineSource.splitClasspath(classpath));
    }

    PreparedPipeline prepare(PipelineSource source) {
        return prepare(source, CacheMode.UMASK);
    }

    /** The pipeline prepared to write in the cache with {@code mode}. */
    PreparedPipeline prepare(PipelineSource source, CacheMode mode) {
        PipelineSource.Loaded loaded = source.load(PipelineOptions.class.getClassLoader());
        return PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cache, mode);
    }
}
