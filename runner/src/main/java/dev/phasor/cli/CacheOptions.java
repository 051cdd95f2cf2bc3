package dev.phasor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that read a cache directory without the pipeline's code. */
final class CacheOptions {

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "${env:PHASOR_CACHE:-phasor-cache}",
            description = "Cache root (default: $PHASOR_CACHE or ./phasor-cache).")
    Path cache;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "Pipeline name; needed when the cache holds several.")
    String pipeline;
}
