package dev.phasor.cli;

import dev.phasor.cache.CacheReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code phasor status}: the summary of a pipeline's cache directory, from its current status files. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the summary of a pipeline's cache: every step's status, duration, worker and result.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "${env:PHASOR_CACHE:-phasor-cache}",
            description = "Cache root (default: $PHASOR_CACHE or ./phasor-cache).")
    Path cache;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "Pipeline name; needed when the cache holds several.")
    String pipeline;

    @Override
    public Integer call() {
        CacheReader reader = CacheReader.open(cache, pipeline);
        spec.commandLine().getOut().print(reader.summary());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
