package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.CacheLockedException;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.RunReport;
import dev.phasor.support.JavaProcess;
import dev.phasor.testkit.Trio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 6: a second concurrent run on the same pipeline cache is refused, naming the holder. */
class CacheLockTest {

    private static final String PID = "pid " + ProcessHandle.current().pid();

    /** Released by the test; a step of {@link #blocking} waits for it. */
    static volatile CountDownLatch release;
    /** Counted down by the blocking step once it runs. */
    static volatile CountDownLatch started;

    static int waitForRelease() throws InterruptedException {
        started.countDown();
        if (!release.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the step");
        }
        return 1;
    }

    private static Pipeline blocking(String name) {
        PipelineBuilder p = Pipeline.builder(name);
        p.step("wait", CacheLockTest::waitForRelease);
        return p.build();
    }

    private static Pipeline quick(String name) {
        PipelineBuilder p = Pipeline.builder(name);
        p.step("quick", () -> 2);
        return p.build();
    }

    @Test
    void secondAcquireIsRefusedNamingTheHolderUntilTheFirstIsReleased(@TempDir Path root) {
        CacheLayout layout = new CacheLayout(root, "locked");
        layout.create();
        try (CacheLock held = CacheLock.acquire(layout)) {
            CacheLockedException e = assertThrows(CacheLockedException.class, () -> CacheLock.acquire(layout));
            assertTrue(e.getMessage().contains(PID), e.getMessage());
            assertTrue(e.getMessage().contains(layout.dir().toString()), e.getMessage());
            // Another spelling of the same directory is the same lock.
            CacheLayout sameDir = new CacheLayout(root.resolve("."), "locked");
            assertThrows(CacheLockedException.class, () -> CacheLock.acquire(sameDir));
        }
        try (CacheLock again = CacheLock.acquire(layout)) {
            assertTrue(again != null);
        }
    }

    @Test
    void runOnALockedCacheIsRefusedAndWritesNoSchema(@TempDir Path root) {
        CacheLayout layout = new CacheLayout(root, "quick");
        layout.create();
        try (CacheLock held = CacheLock.acquire(layout)) {
            CacheLockedException e = assertThrows(CacheLockedException.class,
                    () -> Phasor.runner().cache(root).run(quick("quick")));
            assertTrue(e.getMessage().contains(PID), e.getMessage());
            assertEquals(ExitCodes.CACHE, ExitCodes.of(e));
        }
        assertTrue(!layout.schemaFile().toFile().exists(), "a refused run writes no schema");
        assertEquals(0, Phasor.runner().cache(root).run(quick("quick")).exitCode());
    }

    @Test
    void runWhoseStepIsStillRunningRefusesASecondRunAndLetsAnotherPipelineRun(@TempDir Path root) throws Exception {
        release = new CountDownLatch(1);
        started = new CountDownLatch(1);
        CompletableFuture<RunReport> first = CompletableFuture.supplyAsync(
                () -> Phasor.runner().cache(root).threads(1).run(blocking("slow")));
        try {
            assertTrue(started.await(30, TimeUnit.SECONDS), "the first run's step started");
            CacheLockedException e = assertThrows(CacheLockedException.class,
                    () -> Phasor.runner().cache(root).run(blocking("slow")));
            assertTrue(e.getMessage().contains("in use by another run"), e.getMessage());
            assertTrue(e.getMessage().contains(PID), e.getMessage());

            // Another pipeline under the same cache root is not affected.
            RunReport other = Phasor.runner().cache(root).run(quick("other"));
            assertEquals(0, other.exitCode());
            assertEquals(2, other.result("quick"));
        } finally {
            release.countDown();
        }
        RunReport report = first.get(60, TimeUnit.SECONDS);
        assertEquals(0, report.exitCode());
        assertEquals(1, report.result("wait"));
    }

    @Test
    void interruptedRunReleasesTheLock(@TempDir Path root) throws Exception {
        release = new CountDownLatch(1);
        started = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread coordinator = new Thread(() -> {
            try {
                Phasor.runner().cache(root).threads(1).run(blocking("interrupted"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        coordinator.start();
        try {
            assertTrue(started.await(30, TimeUnit.SECONDS));
            coordinator.interrupt();
            coordinator.join(30_000);
            assertTrue(!coordinator.isAlive(), "the interrupted run ended");
        } finally {
            release.countDown();
        }
        assertTrue(outcome.get() instanceof dev.phasor.api.BackendException, String.valueOf(outcome.get()));
        assertTrue(outcome.get().getMessage().contains("interrupted"), outcome.get().getMessage());
        // The interrupted step ended before the run released the lock, keeping no status: it is not a failure
        // of the step, and the next run runs it again.
        assertTrue(Files.notExists(new CacheLayout(root, "interrupted").statusFile("wait")),
                "an interrupted step keeps no status");
        try (CacheLock again = CacheLock.acquire(new CacheLayout(root, "interrupted"))) {
            assertTrue(again != null, "the lock was released");
        }
    }

    /**
     * POSIX drops all of a process's locks on a file when any descriptor of it is closed: a refused second
     * attempt in this JVM must not do that, or another process could then take the lock.
     */
    @Test
    void refusedAttemptInThisJvmKeepsOtherProcessesOut(@TempDir Path root) {
        CacheLayout layout = new CacheLayout(root, "trio");
        layout.create();
        try (CacheLock held = CacheLock.acquire(layout)) {
            assertThrows(CacheLockedException.class, () -> CacheLock.acquire(layout));
            assertThrows(CacheLockedException.class, () -> Phasor.runner().cache(root).run(Trio.class));
            JavaProcess.Outcome other = JavaProcess.run(root, 60, "dev.phasor.cli.Main", "run",
                    Trio.class.getName(), "--cache", root.toString());
            assertEquals(ExitCodes.CACHE, other.exitCode(), other::toString);
            assertTrue(other.err().contains("in use by another run") && other.err().contains(PID), other::toString);
        }
        JavaProcess.Outcome after = JavaProcess.run(root, 60, "dev.phasor.cli.Main", "run", Trio.class.getName(),
                "--cache", root.toString());
        assertEquals(ExitCodes.OK, after.exitCode(), after::toString);
    }
}
