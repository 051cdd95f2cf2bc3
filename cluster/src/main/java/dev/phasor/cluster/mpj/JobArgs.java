package dev.phasor.cluster.mpj;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What {@code bin/mpjrun.sh} hands every rank after MPJ's own arguments:
 * {@code --job-dir JOBDIR CLASS args...}, and the Phasor command line made of it.
 *
 * @param jobDir where the rank writes its markers (see {@link JobMarkers})
 * @param pipelineClass the pipeline class the user named
 * @param args the user's arguments after the class
 */
record JobArgs(Path jobDir, String pipelineClass, List<String> args) {

    private static final Set<String> ROOT_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    /**
     * Parses what {@code MPI.Init} returned.
     *
     * @throws IllegalArgumentException if it is not {@code --job-dir DIR CLASS [args...]}
     */
    static JobArgs parse(String[] rest) {
        if (rest.length < 3 || !"--job-dir".equals(rest[0])) {
            throw new IllegalArgumentException("expected --job-dir DIR CLASS [args...] after MPJ's arguments, got "
                    + Arrays.toString(rest) + "; start pipelines with bin/mpjrun.sh -np N CLASS [options]");
        }
        return new JobArgs(Path.of(rest[1]), rest[2], List.of(Arrays.copyOfRange(rest, 3, rest.length)));
    }

    /**
     * True when every rank takes part: the command is {@code run} (given, or implied as from a pipeline's
     * own main) and no help is asked for. Other commands ({@code plan}, {@code status}...) run on rank 0 only.
     *
     * @param commands the CLI's command names
     */
    boolean isRun(Set<String> commands) {
        if (args.stream().anyMatch(ROOT_OPTIONS::contains)) {
            return false;
        }
        return args.isEmpty() || args.get(0).equals("run") || !commands.contains(args.get(0));
    }

    /**
     * The arguments for {@code Cli}: for a run, {@code run --backend mpj} followed by the user's options.
     *
     * @throws IllegalArgumentException if the user asked for another backend
     */
    String[] cliArgs(Set<String> commands) {
        if (!isRun(commands)) {
            return args.toArray(String[]::new);
        }
        List<String> rest = !args.isEmpty() && args.get(0).equals("run") ? args.subList(1, args.size()) : args;
        String backend = backendOption(rest);
        List<String> out = new ArrayList<>();
        out.add("run");
        if (backend == null) {
            out.add("--backend");
            out.add("mpj");
        } else if (!backend.equals("mpj")) {
            throw new IllegalArgumentException("under bin/mpjrun.sh the backend is mpj; remove --backend " + backend);
        }
        out.addAll(rest);
        return out.toArray(String[]::new);
    }

    /** The value of {@code --secret-file} among the user's arguments ({@code --secret-file F} or {@code --secret-file=F}), or null. */
    String secretFileOption() {
        return optionValue(args, "--secret-file");
    }

    private static String backendOption(List<String> args) {
        return optionValue(args, "--backend");
    }

    private static String optionValue(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }
}
