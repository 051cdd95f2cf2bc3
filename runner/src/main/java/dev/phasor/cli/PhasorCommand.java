package dev.phasor.cli;

import dev.phasor.backend.BackendProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: {@code phasor COMMAND ...}. */
@Command(name = "phasor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A distributed, MPI-style pipeline runner for the JVM.",
        subcommands = {RunCommand.class, PlanCommand.class, StatusCommand.class, ResultCommand.class,
            ExplainCommand.class, GraphCommand.class, TimesCommand.class, ReportCommand.class,
            ServeCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  every step done (steps left pending by --until or --restart-failed aside)",
            "  1  a step failed or was skipped; a result is not available",
            "  2  usage error: bad option or value, unknown pipeline class, invalid pipeline",
            "     definition, a --rerun/--until pattern that matches no step, a cache holding",
            "     several pipelines without --pipeline",
            "  3  schema conflict, cache locked by another run, or unusable cache directory",
            "  4  backend failure (workers lost or disagreeing)", " 70  internal error (please report it)",
            "130  run interrupted (Ctrl-C): finished results are kept; run it again to resume"})
public final class PhasorCommand implements Runnable {

    final String presetClass;
    final List<BackendProvider> providers;
    /** Backend id to the options object picocli fills for it. */
    final Map<String, Object> backendOptions = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    PhasorCommand(String presetClass, List<BackendProvider> providers) {
        this.presetClass = presetClass;
        this.providers = providers;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The pipeline class given on the command line, or the preset one. */
    String pipelineClass(String given, CommandSpec sub) {
        if (given != null) {
            return given;
        }
        if (presetClass != null) {
            return presetClass;
        }
        throw new ParameterException(sub.commandLine(), "missing pipeline class: phasor " + sub.name()
                + " CLASS --cache DIR");
    }
}
