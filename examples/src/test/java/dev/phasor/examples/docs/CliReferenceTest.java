package dev.phasor.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli-reference.md is picocli's own --help of every command and subcommand registered (runner's, the
 * backends', the bench's), so the page cannot drift from the code. After changing an option or a help text:
 * {@code mvn -pl examples test -Dtest=CliReferenceTest -Dphasor.docs.regenerate=true} rewrites it.
 */
class CliReferenceTest {

    static final Path PAGE = Markdown.REPO.resolve("docs/cli-reference.md");

    @Test
    void theReferencePageIsEveryCommandsHelp() throws Exception {
        String expected = render();
        if (Boolean.getBoolean("phasor.docs.regenerate")) {
            Files.writeString(PAGE, expected);
        }
        String actual = Files.exists(PAGE) ? Files.readString(PAGE) : "";
        assertTrue(expected.contains("## phasor run\n") && expected.contains("## phasor slurm workers\n"), expected);
        assertEquals(expected, actual, "docs/cli-reference.md differs from the commands' --help; regenerate it with:"
                + " mvn -pl examples test -Dtest=CliReferenceTest -Dphasor.docs.regenerate=true");
    }

    /** The page: a short preface, then one section per command in the order `phasor --help` lists them. */
    static String render() {
        StringBuilder page = new StringBuilder("""
                # CLI reference

                Every `phasor` command's `--help`, as the program prints it (generated: `CliReferenceTest` fails
                when this page and the code disagree). What the commands are for, with examples, exit codes and
                error messages: [the command line](cli.md).

                """);
        walk(Cli.commandLine(null), page);
        return page.toString();
    }

    private static void walk(CommandLine cl, StringBuilder page) {
        page.append("## ").append(cl.getCommandSpec().qualifiedName()).append("\n\n```\n")
                .append(cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing().replaceAll(" +\n", "\n")).append("\n```\n\n");
        for (CommandLine sub : cl.getSubcommands().values()) {
            walk(sub, page);
        }
    }
}
