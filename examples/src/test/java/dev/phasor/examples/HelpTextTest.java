package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cli.Cli;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Issue 16: every command's help reads whole, for every command registered (runner's, the backends', the
 * bench's and any added later): the one-line summaries in command lists are whole sentences, no description
 * breaks a line mid-sentence, footers fit the usage width (else picocli wraps them to column 0), and every
 * list option takes one value per occurrence, comma separated.
 */
class HelpTextTest {

    /** Options whose values may hold commas themselves: repeated, never split. */
    private static final List<String> UNSPLIT_LIST_OPTIONS = List.of("--sbatch-arg");

    private static final String SENTENCE_END = ".:?!)";

    @Test
    void everyCommandsHelpReadsWhole() {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        walk(Cli.commandLine(null), problems, seen);
        assertTrue(seen.containsAll(List.of("phasor", "phasor run", "phasor bench", "phasor slurm",
                "phasor slurm workers", "phasor worker")), seen::toString);
        assertEquals(List.of(), problems, () -> String.join("\n", problems));
    }

    private static void walk(CommandLine cl, List<String> problems, List<String> seen) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName();
        seen.add(name);
        String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(help.startsWith("Usage: " + name), () -> name + ":\n" + help);
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            String summary = summary(sub.getValue().getCommandSpec());
            if (!summary.endsWith(".")) {
                problems.add(name + ": the summary of '" + sub.getKey() + "' in its command list is cut: " + summary);
            }
        }
        sentences(name + " description", spec.usageMessage().description(), problems);
        sentences(name + " header", spec.usageMessage().header(), problems);
        for (OptionSpec o : spec.options()) {
            sentences(name + " " + o.longestName(), o.description(), problems);
            if (o.isMultiValue() && !o.arity().isVariable() && o.arity().max() > 1 || o.isMultiValue()
                    && o.arity().isVariable()) {
                problems.add(name + " " + o.longestName() + ": takes " + o.arity() + " values per occurrence, so it"
                        + " swallows the arguments after it; use arity 1 with split=\",\"");
            }
            if (o.isMultiValue() && o.splitRegex().isEmpty() && !UNSPLIT_LIST_OPTIONS.contains(o.longestName())) {
                problems.add(name + " " + o.longestName() + ": a list option without split=\",\"");
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            sentences(name + " " + p.paramLabel(), p.description(), problems);
        }
        int width = spec.usageMessage().width();
        for (String line : String.join("\n", spec.usageMessage().footer()).split("\n")) {
            if (line.length() > width) {
                problems.add(name + " footer: a line longer than " + width + " columns is wrapped to column 0: "
                        + line);
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            walk(sub, problems, seen);
        }
    }

    /** What a command list shows for a command: its header, else the first line of its description. */
    private static String summary(CommandSpec spec) {
        String[] lines = spec.usageMessage().header().length > 0 ? spec.usageMessage().header()
                : spec.usageMessage().description();
        return lines.length == 0 ? "" : lines[0].strip();
    }

    /** Each line of a description is whole: it ends a sentence (a hard line break mid-sentence does not). */
    private static void sentences(String where, String[] lines, List<String> problems) {
        for (String line : lines) {
            String text = line.strip();
            if (!text.isEmpty() && SENTENCE_END.indexOf(text.charAt(text.length() - 1)) < 0) {
                problems.add(where + ": a line break mid-sentence after: " + text);
            }
        }
    }
}
