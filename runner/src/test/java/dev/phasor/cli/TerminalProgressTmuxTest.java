package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phasor.support.JavaProcess;
import dev.phasor.testkit.Sleepy;
import dev.phasor.testkit.Timed;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 6: the live progress bar on a real terminal. {@code phasor run} runs in a tmux pane (a
 * private tmux server on its own socket, stopped by this test); the screen is read back with
 * {@code capture-pane} while the run goes on and after it. tmux comes from {@code scripts/setup-test-tools.sh}.
 */
@Timeout(240)
class TerminalProgressTmuxTest {

    private static final int WIDTH = 110;

    @TempDir
    Path tmp;

    private final String socket = "phasor-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private Long serverPid;

    @AfterEach
    void stopServer() throws Exception {
        if (serverPid != null) {
            tmux(10, "kill-server");
            ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static String tmuxBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "tmux"))) {
                return Path.of(dir, "tmux").toString();
            }
        }
        String why = "tmux is not installed: run scripts/setup-test-tools.sh (apt-get install -y tmux)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why);
        }
        assumeTrue(false, why);
        return null;
    }

    private String tmux(int seconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tmuxBinary(), "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "tmux", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tmux " + args[0] + " did not end within " + seconds + " s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Starts {@code phasor run CLASS --cache ...} in a detached pane; returns the screen reader. */
    private void startRun(String pipelineClass, Path cache, String... jvmFlags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the shell outlives a Ctrl-C sent to the pane (a trap, unlike an ignored signal, is not inherited by java)
        StringBuilder cmd = new StringBuilder("trap : INT; cd ").append(quote(tmp.toString())).append(" && ")
                .append(quote(java));
        for (String f : jvmFlags) {
            cmd.append(' ').append(quote(f));
        }
        cmd.append(" -cp ").append(quote(JavaProcess.classpath())).append(" dev.phasor.cli.Main run ")
                .append(quote(pipelineClass)).append(" --cache ").append(quote(cache.toString()))
                .append(" --threads 2; echo PHASOR-EXIT=$?; sleep 120");
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, cmd + "\n");
        tmux(20, "new-session", "-d", "-x", Integer.toString(WIDTH), "-y", "40", "-s", "t", "sh " + quote(script.toString()));
        serverPid = Long.parseLong(tmux(10, "display-message", "-p", "-t", "t", "#{pid}").strip());
    }

    private String screen() throws Exception {
        // rows as drawn (no -J: JLine's Display lets lines end at the margin, which tmux would join)
        return tmux(10, "capture-pane", "-p", "-S", "-", "-t", "t");
    }

    /** Polls the screen until {@code pattern} shows up, for at most {@code seconds}. */
    private Optional<String> awaitScreen(Pattern pattern, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String s = screen();
            if (pattern.matcher(s).find()) {
                return Optional.of(s);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return Optional.empty();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void theBarRedrawsInPlaceWhileStepsRunAndEndsWithEveryPhaseFull() throws Exception {
        startRun(Sleepy.class.getName(), tmp.resolve("cache"), "-Dphasor.test.sleepMs=250", "-Dphasor.test.width=4",
                "-Dphasor.test.phases=3");
        // mid-run: a phase bar with steps running
        Optional<String> during = awaitScreen(Pattern.compile("(?m)^phase \\d +\\[[=>.]+] \\d+/4 done \\d+, failed 0,"
                + " running [12]$"), 60);
        assertTrue(during.isPresent(), () -> "no running bar seen; screen:\n" + quietScreen());
        String end = awaitScreen(Pattern.compile("PHASOR-EXIT=\\d+"), 90).orElseGet(() -> fail("the run did not end:\n"
                + quietScreen()));
        assertTrue(end.contains("PHASOR-EXIT=0"), end);
        for (int phase = 0; phase < 3; phase++) {
            assertTrue(Pattern.compile("(?m)^phase " + phase + " +\\[=+] 4/4 done 4, failed 0, running 0$").matcher(end)
                    .find(), "phase " + phase + " full at the end:\n" + end);
        }
        assertTrue(Pattern.compile("(?m)^phase 3 +\\[=+] 1/1 done 1").matcher(end).find(), end);
        // redrawn in place: one heading line in the whole scrollback, however many redraws there were
        assertEquals(1, Pattern.compile("(?m)^sleepy: \\d+/13 steps").matcher(end).results().count(), end);
        assertTrue(end.contains("sleepy: 13/13 steps, 0 failed, 0 running"), end);
        assertTrue(end.contains("OK: 13 done (13 ran, 0 cached)"), end);
    }

    @Test
    void aFailureIsPrintedAboveTheBarsAndStays() throws Exception {
        startRun(Timed.class.getName(), tmp.resolve("cache"));
        String end = awaitScreen(Pattern.compile("PHASOR-EXIT=\\d+"), 90).orElseGet(() -> fail("the run did not end:\n"
                + quietScreen()));
        assertTrue(end.contains("PHASOR-EXIT=1"), end);
        int failure = end.indexOf("  FAILED broken on local:thread-");
        int heading = end.indexOf("timed: 6/6 steps, 1 failed, 0 running");
        assertTrue(failure >= 0 && heading > failure, "the failure line sits above the bars:\n" + end);
        assertTrue(Pattern.compile("(?m)^phase 0 +\\[=+x+] 4/4 done 3, failed 1, running 0$").matcher(end).find(), end);
        assertTrue(Pattern.compile("(?m)^phase 1 +\\[=+x+] 2/2 done 1, failed 0, skipped 1, running 0$").matcher(end)
                .find(), end);
        assertEquals(1, Pattern.compile("FAILED broken").matcher(end).results().count(), end);
    }

    /** Issue 16: Ctrl-C typed on the terminal while the bar is drawn (JLine must not take SIGINT back). */
    @Test
    void ctrlCOnTheTerminalStopsTheRunCleanlyAndSaysHowToResume() throws Exception {
        Path cache = tmp.resolve("cache");
        startRun(Sleepy.class.getName(), cache, "-Dphasor.test.sleepMs=3000", "-Dphasor.test.width=2",
                "-Dphasor.test.phases=3");
        Optional<String> during = awaitScreen(Pattern.compile("(?m)^phase 1 +\\[[=>.]+] 0/2 done 0, failed 0,"
                + " running 2$"), 60);
        assertTrue(during.isPresent(), () -> "phase 1 not seen running; screen:\n" + quietScreen());
        tmux(10, "send-keys", "-t", "t", "C-c");
        String end = awaitScreen(Pattern.compile("PHASOR-EXIT=\\d+"), 60).orElseGet(() -> fail("the run did not"
                + " end after Ctrl-C:\n" + quietScreen()));
        assertTrue(end.contains("PHASOR-EXIT=130"), end);
        assertTrue(end.contains("phasor: interrupted (Ctrl-C): stopping the workers"), end);
        assertTrue(end.contains("to resume, run the same command again"), end);
        assertTrue(Files.readString(cache.resolve("sleepy/runs/latest.json")).contains("\"outcome\" : \"aborted\""));
        assertEquals(0, Files.size(cache.resolve("sleepy/.lock")), "the lock is released");
    }

    private String quietScreen() {
        try {
            return screen();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
