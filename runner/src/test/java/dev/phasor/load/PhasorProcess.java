package dev.phasor.load;

import static org.junit.jupiter.api.Assertions.fail;

import dev.phasor.support.JavaProcess;
import dev.phasor.testkit.Load;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code phasor} command (the {@link Load} pipeline's main: Phasor's whole CLI) in its own JVM, as a user
 * runs it, with a bounded heap and system properties; stopped by its PID if it outlives its time limit.
 */
final class PhasorProcess implements AutoCloseable {

    /** How it ended. */
    record Outcome(int exitCode, String out, String err, double seconds) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + String.format("%.1f", seconds) + " s\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    private final Process process;
    private final Path out;
    private final Path err;
    private final long startedAt = System.nanoTime();

    private PhasorProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code java -Xmx<heap> -D<properties> -cp <tests> Load args...} in {@code work}. */
    static PhasorProcess start(Path work, String heap, Map<String, String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", JavaProcess.classpath(), Load.class.getName()));
        command.addAll(List.of(args));
        Path o = Files.createTempFile(work, "phasor", ".out");
        Path e = Files.createTempFile(work, "phasor", ".err");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(o.toFile())
                .redirectError(e.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new PhasorProcess(p, o, e);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the end; past {@code seconds} the process is killed by PID and the test fails. */
    Outcome await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            close();
            fail("pid " + process.pid() + " did not end within " + seconds + " s; killed\n" + outcome());
        }
        return outcome();
    }

    /** Waits up to {@code millis} for the end: true if it ended. */
    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    Outcome outcome() throws IOException {
        return new Outcome(process.isAlive() ? -1 : process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - startedAt) / 1e9);
    }

    /** Kills the process by PID if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
