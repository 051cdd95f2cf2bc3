package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.fail;

import dev.phasor.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Helpers for the example tests: the CLI in this JVM with captured output, and the CLI in another JVM. */
final class ExampleRuns {

    /** What a command printed and how it ended. */
    record Outcome(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private ExampleRuns() {
    }

    /** Runs {@code phasor args} in this JVM. */
    static Outcome phasor(String... args) {
        CommandLine cl = Cli.commandLine(null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Runs {@code phasor args} in a new JVM on the test classpath; kills it by PID if it outlives 60 s. */
    static Outcome phasorInAnotherJvm(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.phasor.cli.Main"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "proc", ".out");
            Path err = Files.createTempFile(workDir, "proc", ".err");
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                long pid = p.pid();
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("phasor " + String.join(" ", args) + " (pid " + pid + ") did not end within 60 s; killed");
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
