package dev.phasor.cli;

import dev.phasor.cache.CacheReader;
import dev.phasor.report.HtmlReport;
import dev.phasor.report.RunView;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phasor report}: (re)writes the HTML run report from the cache directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the HTML run report from the cache directory.",
            "Timeline per worker, DAG coloured by status, times and summary, in one self-contained file that opens"
                + " offline. Every run writes it too."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CacheOptions where;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write it (default: <cache>/<pipeline>/report.html).")
    Path output;

    @Mixin
    CacheModeOption cacheMode;

    @Override
    public Integer call() throws Exception {
        CacheReader reader = CacheReader.open(where.cache, where.pipeline);
        Path file = output != null ? output : HtmlReport.file(reader.layout());
        try {
            HtmlReport.write(RunView.of(reader), file, cacheMode.mode);
        } catch (java.nio.file.FileSystemException e) { // read-only, full or not ours: the cache is unusable, exit 3
            throw new dev.phasor.api.CacheAccessException("cannot write the report " + file + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
        }
        spec.commandLine().getOut().println("wrote " + file.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
