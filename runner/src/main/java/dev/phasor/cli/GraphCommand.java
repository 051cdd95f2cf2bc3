package dev.phasor.cli;

import dev.phasor.cache.CacheReader;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.report.GraphFormat;
import dev.phasor.report.RunView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code phasor graph}: the DAG as Mermaid or DOT, phases as subgraphs, nodes coloured by status after a run. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Print the pipeline's DAG as Mermaid or Graphviz DOT.",
            "One subgraph per phase; once steps have statuses, nodes are coloured (done, cached, failed, skipped,"
                + " running, pending). From a pipeline class (before or after a run), or from the cache directory"
                + " alone."})
public final class GraphCommand implements Callable<Integer> {

    @ParentCommand
    PhasorCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CLASS",
            description = "Pipeline class; without it the DAG is read from the cache's pipeline.schema.")
    String className;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "${env:PHASOR_CACHE:-phasor-cache}",
            description = "Cache root (default: $PHASOR_CACHE or ./phasor-cache).")
    Path cache;

    @Option(names = "--pipeline", paramLabel = "NAME",
            description = "Pipeline name when reading a cache that holds several.")
    String pipeline;

    @Option(names = "--classpath", paramLabel = "PATH", description = "Extra jars or class directories holding CLASS.")
    String classpath;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mermaid",
            description = "mermaid or dot (default: ${DEFAULT-VALUE}).")
    GraphFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        String text = format.render(view());
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + output);
        } else {
            spec.commandLine().getOut().print(text);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private RunView view() {
        String cls = className != null ? className : root.presetClass;
        if (cls == null) {
            return RunView.of(CacheReader.open(cache, pipeline));
        }
        PipelineSource source = new PipelineSource(cls, PipelineSource.splitClasspath(classpath));
        PipelineSource.Loaded loaded = source.load(GraphCommand.class.getClassLoader());
        PreparedPipeline prepared = PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cache);
        return RunView.ofStatusFiles(prepared.schema(), prepared.layout());
    }
}
