package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a fresh JVM on this test's classpath, with a time limit: a JVM that
 * outlives it is killed by its PID and the test fails.
 */
public final class JavaProcess {

    /** What the process printed and how it ended. */
    public record Outcome(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private JavaProcess() {
    }

    /** The test classpath (surefire's real one when forked through a manifest-only jar). */
    public static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Runs {@code mainClass} with {@code args}; fails the test if it does not end within {@code seconds}. */
    public static Outcome run(Path workDir, long seconds, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "proc", ".out");
            Path err = Files.createTempFile(workDir, "proc", ".err");
            Process p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                long pid = p.pid();
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("process " + pid + " (" + mainClass + " " + String.join(" ", args) + ") did not end within "
                        + seconds + " s; killed");
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
