package dev.phasor.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Checks on the processes a timed-out shell step started ({@link Timeouts} writes their PIDs). */
public final class ShellProcesses {

    private ShellProcesses() {
    }

    /**
     * Every PID in {@code pidFile} (the shell and its background child) is gone within 5 s: a killed
     * process may take a moment to be reaped. One still alive then is killed, so none is left behind
     * even when the assertion fails.
     */
    public static void assertGone(Path pidFile) throws Exception {
        long[] pids = Arrays.stream(Files.readString(pidFile).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
        assertEquals(2, pids.length, "the shell and its background child");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (long pid : pids) {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            ProcessHandle.of(pid).ifPresent(ph -> {
                boolean alive = ph.isAlive();
                if (alive) {
                    ph.destroyForcibly();
                }
                assertTrue(!alive, "process " + pid + " outlived the timeout");
            });
        }
    }
}
