package dev.phasor.cli;

import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.backend.BackendProvider;
import dev.phasor.backend.Backends;
import dev.phasor.exec.ExitCodes;
import dev.phasor.internal.ServiceLoaders;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Builds and runs the command line: the root {@code phasor} command, its subcommands, the options of
 * every backend on the classpath (added to {@code run}) and the commands backends and
 * {@link CommandProvider}s contribute.
 */
public final class Cli {

    private Cli() {
    }

    /**
     * Runs {@code args}; returns the exit code.
     *
     * @param presetClass the pipeline class when started from a pipeline's own {@code main}, else null
     */
    public static int execute(String presetClass, String... args) {
        return commandLine(presetClass).execute(withDefaultCommand(presetClass, args));
    }

    /** The configured command line (tests call it with their own writers). */
    public static CommandLine commandLine(String presetClass) {
        List<BackendProvider> providers = Backends.providers();
        PhasorCommand root = new PhasorCommand(presetClass, providers);
        CommandLine cl = new CommandLine(root);
        CommandLine run = cl.getSubcommands().get("run");
        for (BackendProvider p : providers) {
            Object options = p.options();
            if (options != null) {
                run.addMixin(p.id(), options);
                root.backendOptions.put(p.id(), options);
            }
            for (Object command : p.commands()) {
                cl.addSubcommand(command);
            }
        }
        for (CommandProvider p : ServiceLoaders.load(CommandProvider.class)) {
            for (Object command : p.commands()) {
                cl.addSubcommand(command);
            }
        }
        cl.setExecutionExceptionHandler(Cli::handle);
        cl.setParameterExceptionHandler(UsageErrors::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code = ExitCodes.of(e);
        err.println("phasor: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        // an invalid definition is wrong code, not a wrong command: --help would not help
        if (code == ExitCodes.USAGE && !(e instanceof PipelineDefinitionException)) {
            UsageErrors.pointToHelp(cl, err);
        }
        if (code == ExitCodes.INTERNAL || verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** From a pipeline's own main, no command (or options first) means {@code run}. */
    static String[] withDefaultCommand(String presetClass, String[] args) {
        if (presetClass == null) {
            return args;
        }
        List<String> commands = new ArrayList<>(commandLine(null).getSubcommands().keySet());
        boolean rootOption = args.length > 0 && List.of("-h", "--help", "-V", "--version").contains(args[0]);
        if (args.length == 0 || (!commands.contains(args[0]) && !rootOption)) {
            List<String> withRun = new ArrayList<>();
            withRun.add("run");
            withRun.addAll(Arrays.asList(args));
            return withRun.toArray(String[]::new);
        }
        return args;
    }
}
