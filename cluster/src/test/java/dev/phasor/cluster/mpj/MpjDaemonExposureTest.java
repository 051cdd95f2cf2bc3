package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.testkit.Sleepy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/security.md says of MPJ's niodev daemon, which starts programs for anyone who connects to it: where it
 * listens, and that the daemon a job starts for itself does not outlive the job, even when the launcher is killed.
 */
class MpjDaemonExposureTest {

    @RegisterExtension
    static final MpjDaemon DAEMON = new MpjDaemon();

    @TempDir
    Path work;

    /** MPJ binds the wildcard address, with no option to bind one interface: the docs say so, this checks it. */
    @Test
    @Timeout(30)
    void theDaemonListensOnEveryInterface() throws Exception {
        String port = String.format(Locale.ROOT, ":%04X", DAEMON.port());
        List<String> listening = new ArrayList<>(); // local addresses in LISTEN state (0A) on that port, as the kernel has them
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                if (f[3].equals("0A") && f[1].endsWith(port)) {
                    listening.add(f[1]);
                }
            }
        }
        assertFalse(listening.isEmpty(), "nothing listens on the daemon's port " + DAEMON.port());
        assertTrue(listening.stream().allMatch(a -> a.matches("0+:[0-9A-F]{4}")),
                "the daemon listens on " + listening + ", not the wildcard address: update docs/security.md");
    }

    @Test
    @Timeout(120)
    void aPrivateDaemonIsStoppedWithItsRanksWhenTheLauncherIsKilledWithSigkill() throws Exception {
        List<String> options = List.of("-np", "2", "-dev", "niodev", "-timeout", "100", "-cp", MpjLauncher.testClassPath(),
                "-jvmarg", "-Dphasor.test.sleepMs=2000"); // no -dport: the launcher starts a daemon for this job
        MpjLauncher.Running job = DAEMON.launcher().start(work, options, List.of(), Sleepy.class.getName(), "--cache",
                work.resolve("cache").toString());
        List<ProcessHandle> started = new ArrayList<>();
        try {
            long daemon = job.pidIn("daemon.pid", 60);
            started.add(ProcessHandle.of(daemon).orElseThrow());
            for (int rank = 0; rank < 2; rank++) {
                ProcessHandle.of(job.rankPid(rank, 60)).ifPresent(started::add);
            }
            ProcessHandle.of(job.pid()).ifPresent(launcher -> started.addAll(launcher.descendants().toList()));

            MpjLauncher.sendSignal(job.pid(), "KILL");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (started.stream().anyMatch(p -> p.pid() == daemon && p.isAlive()) && System.nanoTime() < deadline) {
                MpjLauncher.pollInterval();
            }

            assertFalse(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false),
                    "the job's daemon (pid " + daemon + ") still runs 20 s after its launcher was killed");
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.subList(1, 3).stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                MpjLauncher.pollInterval();
            }
            assertFalse(started.subList(1, 3).stream().anyMatch(ProcessHandle::isAlive), "its ranks went with it");
        } finally {
            started.forEach(ProcessHandle::destroyForcibly); // MPJ's own launcher JVM among them
        }
    }
}
