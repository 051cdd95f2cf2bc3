package dev.phasor.cluster.mpj.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** MPJ Express's home as scripts/setup-mpj.sh prepares it (Debian's jars renamed, conf copied). */
final class MpjHome {

    private MpjHome() {
    }

    /** Runs setup-mpj.sh (quiet when done already) and returns the MPJ_HOME it prints last, holding {@code jar}. */
    static Path locate(Path phasorHome, String jar) throws LaunchException {
        Tools.Output o = Tools.run(List.of(phasorHome.resolve("scripts/setup-mpj.sh").toString()), true, 600);
        Path home = o.lastLine().isEmpty() ? null : Path.of(o.lastLine());
        if (o.exitCode() != 0 || home == null || !Files.isRegularFile(home.resolve("lib").resolve(jar))) {
            throw LaunchException.unavailable("MPJ Express is not available (scripts/setup-mpj.sh failed)");
        }
        return home;
    }
}
