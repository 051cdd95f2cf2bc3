package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.testkit.Sleepy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to bin/mpjrun.sh stops the whole job: every rank JVM and the private niodev daemon, by PID. */
@Timeout(180)
class MpjInterruptTest {

    @TempDir
    Path work;

    @Test
    void sigtermStopsEveryRankAndThePrivateDaemonAndExits143() throws Exception {
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());
        List<String> options = List.of("-np", "2", "-dev", "niodev", "-timeout", "100", "-cp", MpjLauncher.testClassPath(),
                "-jvmarg", "-Dphasor.test.sleepMs=3000");
        MpjLauncher.Running job = launcher.start(work, options, List.of(), Sleepy.class.getName(), "--cache",
                work.resolve("cache").toString());
        List<Optional<ProcessHandle>> ranks = List.of(ProcessHandle.of(job.rankPid(0, 60)), ProcessHandle.of(job.rankPid(1, 60)));
        List<ProcessHandle> children = ProcessHandle.of(job.pid()).map(p -> p.children().toList()).orElse(List.of());
        assertTrue(children.stream().anyMatch(c -> c.info().arguments().map(List::of).orElse(List.of()).stream()
                .anyMatch(a -> a.endsWith("/lib/daemon.jar"))), "the private daemon is the launcher's child");

        MpjLauncher.sendSignal(job.pid(), "TERM");
        MpjLauncher.Result r = job.await(60);

        assertEquals(143, r.exitCode(), r::toString);
        assertTrue(r.err().contains("mpjrun: interrupted by SIGTERM: stopping the job"), r::toString);
        for (Optional<ProcessHandle> rank : ranks) {
            rank.ifPresent(MpjInterruptTest::assertEnds);
        }
        children.forEach(MpjInterruptTest::assertEnds); // MPJ's launcher and the private daemon
        try (Stream<Path> left = Files.list(work.resolve("tmp"))) {
            assertEquals(List.of(), left.toList(), "the job directory is removed");
        }
    }

    /** Ended, or ends within 5 s (a killed process may still be reaped). */
    private static void assertEnds(ProcessHandle p) {
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("pid " + p.pid() + " outlived the job: " + p.info(), e);
        }
    }
}
