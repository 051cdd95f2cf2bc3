package dev.phasor.cluster.mpj;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One MPJ daemon on this machine for a test class (niodev jobs need it), started with bin/mpj-daemon.sh
 * before the class and stopped by PID after it, and the launcher its jobs go through:
 * {@code @RegisterExtension static final MpjDaemon DAEMON = new MpjDaemon();}.
 */
final class MpjDaemon implements BeforeAllCallback, AfterAllCallback {

    private MpjLauncher launcher;
    private Path dir;
    private Path pidFile;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        launcher = new MpjLauncher(MpjLauncher.findRepo());
        dir = Files.createTempDirectory("phasor-mpj-daemon");
        pidFile = dir.resolve("daemon.pid");
        port = launcher.startDaemon(pidFile);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (launcher != null && pidFile != null) {
            launcher.stopDaemon(pidFile);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The daemon's port. */
    int port() {
        return port;
    }

    MpjLauncher launcher() {
        return launcher;
    }

    /** Launcher options for a job on {@code device} (this daemon's port for niodev): see {@link MpjLauncher#jobOptions}. */
    List<String> options(String device, int ranks, int timeoutSeconds, String... jvmArgs) {
        return MpjLauncher.jobOptions(device, ranks, timeoutSeconds, port, jvmArgs);
    }
}
