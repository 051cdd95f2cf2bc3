package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.CacheLockedException;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.HoldLock;
import dev.phasor.support.JavaProcess;
import dev.phasor.testkit.Trio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults: a lock left by a dead holder never blocks forever. The holder is judged by the PID the
 * lock file names, on this host and in this PID namespace only; a live holder is still refused (exit 3).
 * Each run is a separate JVM, as users start them.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class StaleCacheLockTest {

    @TempDir
    Path root;

    /** The PID of a process that has ended (and was reaped). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return p.pid();
    }

    private JavaProcess.Outcome runTrio() {
        return JavaProcess.run(root, 60, "dev.phasor.cli.Main", "run", Trio.class.getName(), "--cache", root.toString());
    }

    private CacheLayout trioLayout() {
        CacheLayout layout = new CacheLayout(root, "trio");
        layout.create();
        return layout;
    }

    /** Starts {@link HoldLock} on the trio cache's lock file with {@code line}; waits until it holds the lock. */
    private Process holdLock(String line) throws Exception {
        Path out = root.resolve("holder.out");
        Process holder = JavaProcess.start(root, List.of(), out, root.resolve("holder.err"), HoldLock.class.getName(),
                trioLayout().lockFile().toString(), line.strip());
        JavaProcess.await(() -> JavaProcess.read(out).contains("locked"), 30,
                () -> "the holder did not lock: " + JavaProcess.read(out) + JavaProcess.read(root.resolve("holder.err")));
        return holder;
    }

    @Test
    void aLockFileNamingADeadHolderWhoseFileLockIsFreeIsTakenOverNamingIt() throws Exception {
        long dead = deadPid();
        Files.writeString(trioLayout().lockFile(), LockHolder.lineFor(dead, LockHolder.thisHost(), Instant.now()));

        JavaProcess.Outcome run = runTrio();

        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.err().contains("taking over the lock of cache " + trioLayout().dir() + " left by pid " + dead
                + " on " + LockHolder.thisHost()), run::toString);
        assertEquals("", Files.readString(trioLayout().lockFile()), "released at the end");
    }

    /** NFS may keep the lock of a crashed client: the lock file then names a dead process of this host. */
    @Test
    void aFileLockStillHeldForADeadHolderOfThisHostIsTakenOverNamingIt() throws Exception {
        long dead = deadPid();
        Process holder = holdLock(LockHolder.lineFor(dead, LockHolder.thisHost(), Instant.now()));
        try {
            JavaProcess.Outcome run = runTrio();

            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertTrue(run.err().contains("taking over the lock of cache " + trioLayout().dir() + " held by pid " + dead
                    + " on " + LockHolder.thisHost()) && run.err().contains("no longer running"), run::toString);
            assertTrue(!Files.exists(trioLayout().lockFile().resolveSibling(".lock.takeover")), "guard removed");
            assertTrue(!Files.exists(trioLayout().lockFile().resolveSibling(".lock.new")));
            // the next run takes the new lock file's lock as usual
            JavaProcess.Outcome again = runTrio();
            assertEquals(ExitCodes.OK, again.exitCode(), again::toString);
            assertTrue(again.out().contains("cached"), again::toString);
        } finally {
            JavaProcess.kill(holder);
        }
    }

    @Test
    void aLockHeldByALiveProcessIsRefusedWithExit3NamingIt() throws Exception {
        Process holder = holdLock(LockHolder.lineFor(1, LockHolder.thisHost(), Instant.now()).replace("pid 1 ", "pid {pid} "));
        try {
            JavaProcess.Outcome run = runTrio();

            assertEquals(ExitCodes.CACHE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("in use by another run") && run.err().contains("pid " + holder.pid() + " on "),
                    run::toString);
            assertTrue(!Files.exists(trioLayout().schemaFile()), "a refused run writes nothing");
        } finally {
            JavaProcess.kill(holder);
        }
    }

    /**
     * A run that has just taken the lock names itself microseconds later; until then the file still names the
     * dead run before it. Read in that window, the lock looked left by a dead holder and was taken over from
     * a live run (found as "holder unknown" in {@code ConcurrentRunsTest}): it must be refused, naming it.
     */
    @Test
    void aLockTakenByALiveRunThatHasNotYetNamedItselfIsRefusedNotTakenOver() throws Exception {
        CacheLayout layout = trioLayout();
        Files.writeString(layout.lockFile(), LockHolder.lineFor(deadPid(), LockHolder.thisHost(), Instant.now()));
        Path out = root.resolve("holder.out");
        Process holder = JavaProcess.start(root, List.of(), out, root.resolve("holder.err"), HoldLock.class.getName(),
                layout.lockFile().toString(), LockHolder.lineFor(1, LockHolder.thisHost(), Instant.now()).strip()
                        .replace("pid 1 ", "pid {pid} "), "100");
        try {
            JavaProcess.await(() -> JavaProcess.read(out).contains("locked"), 30, () -> "the holder did not lock");
            CacheLockedException refused = assertThrows(CacheLockedException.class, () -> CacheLock.acquire(layout).close());
            assertTrue(refused.getMessage().contains("pid " + holder.pid() + " on "), refused::getMessage);
            assertFalse(Files.exists(layout.lockFile().resolveSibling(".lock.new")), "no lock file of its own");
        } finally {
            JavaProcess.kill(holder);
        }
    }

    /** A holder on another host: its PID means nothing here, so the lock is refused, not taken over. */
    @Test
    void aLockHeldForAnotherHostIsRefusedWithExit3() throws Exception {
        Process holder = holdLock(LockHolder.lineFor(deadPid(), "some-other-host", Instant.now()));
        try {
            JavaProcess.Outcome run = runTrio();

            assertEquals(ExitCodes.CACHE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("in use by another run") && run.err().contains("on some-other-host"),
                    run::toString);
        } finally {
            JavaProcess.kill(holder);
        }
    }
}
