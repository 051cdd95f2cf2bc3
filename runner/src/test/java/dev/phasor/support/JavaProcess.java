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
        return run(workDir, seconds, List.of(), mainClass, args);
    }

    /** Runs {@code mainClass} with JVM flags {@code jvmArgs} ({@code -D...}) and {@code args}, within {@code seconds}. */
    public static Outcome run(Path workDir, long seconds, List<String> jvmArgs, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmArgs);
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

    /**
     * Starts {@code mainClass} in a fresh JVM with extra JVM flags ({@code -D...}); its stdout and stderr go
     * to {@code out} and {@code err}. The caller stops it by PID ({@link #kill}).
     */
    public static Process start(Path workDir, List<String> jvmArgs, Path out, Path err, String mainClass,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
    }

    /** kill -9 by PID, and reaps it (a zombie would still look alive to a PID check). */
    public static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + p.pid() + " survived kill -9");
        }
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code seconds}. */
    public static void await(java.util.function.BooleanSupplier condition, long seconds,
            java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + seconds + " s: " + what.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling, not sync
        }
    }

    /** A file's text so far, "" if it does not exist yet. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
