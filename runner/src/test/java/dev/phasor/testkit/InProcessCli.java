package dev.phasor.testkit;

import dev.phasor.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code phasor}'s command line in this JVM, capturing what it prints. */
public final class InProcessCli {

    /** A command's exit code and its standard output and error. */
    public record Outcome(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private InProcessCli() {
    }

    public static Outcome phasor(String... args) {
        CommandLine cl = Cli.commandLine(null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }
}
