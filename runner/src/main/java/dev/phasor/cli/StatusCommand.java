package dev.phasor.cli;

import dev.phasor.cache.CacheReader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code phasor status}: the summary of a pipeline's cache directory, from its current status files. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the summary of a pipeline's cache: every step's status, duration, worker and result.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CacheOptions where;

    @Override
    public Integer call() throws java.io.IOException {
        CacheReader reader = CacheReader.open(where.cache, where.pipeline);
        reader.writeSummary(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
