package dev.phasor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The workload {@code scripts/build.sh} runs once, under {@code -XX:ArchiveClassesAtExit}, to record the
 * classes every {@code bin/phasor} command loads into an AppCDS archive: a short local run of the example
 * pipeline (fresh, then cached), {@code status}, {@code result} and a tiny local bench. Later JVMs map
 * those classes from the archive instead of loading, parsing and verifying them from the jars.
 *
 * <p>Everything happens in a temporary directory that is removed at the end; the commands' output goes to
 * this JVM's stdout (the build sends it to a log). A command that fails only makes the archive smaller.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("phasor-cds-training-");
        try {
            String cache = work.resolve("cache").toString();
            String[][] commands = {
                {"--help"},
                {"run", "dev.phasor.examples.Simple", "--cache", cache, "--progress", "plain"},
                {"run", "dev.phasor.examples.Simple", "--cache", cache, "--progress", "plain"},
                {"status", "--cache", cache},
                {"result", "gamma", "--cache", cache},
                {"result", "gamma", "--json", "--cache", cache},
                {"bench", "--backend", "local", "--pipeline", "payload,wide", "--steps", "200", "--payload-mib", "4",
                    "--threads", "2", "--work", work.toString(), "--out", work.resolve("bench").toString()},
            };
            PrintStream out = System.out;
            for (String[] command : commands) {
                int code = Cli.execute(null, command);
                out.println("cds training: phasor " + String.join(" ", command) + " -> exit code " + code);
            }
        } finally {
            deleteTree(work);
        }
        System.out.flush();
        System.exit(0); // the archive is written at exit; non-daemon threads of a command must not hold it up
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
