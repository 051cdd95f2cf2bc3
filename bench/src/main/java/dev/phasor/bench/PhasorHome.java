package dev.phasor.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where Phasor's launchers are ({@code bin/mpjrun.sh}): {@code -Dphasor.home}, {@code $PHASOR_HOME}, or above this jar. */
final class PhasorHome {

    private PhasorHome() {
    }

    static Path find() {
        String given = System.getProperty("phasor.home", System.getenv("PHASOR_HOME"));
        if (given != null && !given.isBlank()) {
            return check(Path.of(given));
        }
        try {
            Path here = Path.of(PhasorHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = here.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isExecutable(p.resolve("bin/mpjrun.sh"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the error
        }
        throw new IllegalStateException("cannot find Phasor's bin/mpjrun.sh: set PHASOR_HOME to Phasor's directory");
    }

    private static Path check(Path home) {
        if (!Files.isExecutable(home.resolve("bin/mpjrun.sh"))) {
            throw new IllegalStateException("PHASOR_HOME " + home + " has no executable bin/mpjrun.sh");
        }
        return home;
    }

    /** This JVM's class path, for the processes the bench starts (ranks, workers). */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
