package dev.phasor.cluster.mpj.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A job's own MPJ_HOME ({@code JOBDIR/mpjhome}): lib/ linked to the shared one, conf/ copied, and under niodev
 * its ports (daemon, port manager, launcher) set in mpjexpress.conf, so jobs can run side by side.
 */
final class JobHome {

    private JobHome() {
    }

    static Path create(Path jobDir, Path mpjHome) throws IOException {
        Path home = jobDir.resolve("mpjhome");
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("logs"));
        Files.createSymbolicLink(home.resolve("lib"), mpjHome.resolve("lib"));
        try (DirectoryStream<Path> conf = Files.newDirectoryStream(mpjHome.resolve("conf"))) {
            for (Path f : conf) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, home.resolve("conf").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return home;
    }

    /** Sets the niodev ports in {@code home}'s mpjexpress.conf ({@code launcherPort} 0: left as it is). */
    static void setPorts(Path home, int daemonPort, int portManagerPort, int launcherPort) throws IOException {
        Path conf = home.resolve("conf/mpjexpress.conf");
        String text = Files.readString(conf, StandardCharsets.ISO_8859_1)
                .replaceAll("(?m)^mpjexpress\\.mpjdaemon\\.port\\.1=.*$", "mpjexpress.mpjdaemon.port.1=" + daemonPort)
                .replaceAll("(?m)^mpjexpress\\.mpjdaemon\\.port\\.2=.*$", "mpjexpress.mpjdaemon.port.2=" + portManagerPort)
;
        if (launcherPort > 0) {
            text = text.replaceAll("(?m)^mpjexpress\\.mpjrun\\.port\\.1=.*$", "mpjexpress.mpjrun.port.1=" + launcherPort);
        }
        Files.writeString(conf, text, StandardCharsets.ISO_8859_1);
    }
}
