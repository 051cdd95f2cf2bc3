package dev.phasor.cli;

import dev.phasor.exec.ExitCodes;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jline.utils.Levenshtein;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a usage error reads: the error, a suggestion when one is close, and one line pointing to
 * {@code --help} (not picocli's default of the whole usage text under the error). Exit code 2.
 */
final class UsageErrors {

    /** Above this edit distance a name is too far from what was typed to be suggested. */
    private static final int MAX_DISTANCE = 3;

    private UsageErrors() {
    }

    static int handle(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("phasor: " + e.getMessage());
        if (e instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", suggestions.subList(0, Math.min(3,
                        suggestions.size()))) + "?");
            }
        }
        pointToHelp(cl, err);
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The one line after a usage error. */
    static void pointToHelp(CommandLine cl, PrintWriter err) {
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
    }

    /** The name among {@code names} closest to {@code typed}, or null if none is close. */
    static String closest(String typed, Collection<String> names) {
        return names.stream()
                .filter(n -> Levenshtein.distance(typed, n) <= Math.min(MAX_DISTANCE, Math.max(1, n.length() / 2)))
                .min(Comparator.comparingInt((String n) -> Levenshtein.distance(typed, n)).thenComparing(n -> n))
                .orElse(null);
    }

    /** {@code ", did you mean 'x'?"} for the closest of {@code names}, or an empty string. */
    static String suggestion(String typed, Collection<String> names) {
        String best = closest(typed, names);
        return best == null ? "" : "; did you mean '" + best + "'?";
    }
}
