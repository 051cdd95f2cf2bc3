package dev.phasor.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Phasor's version, from the build (Maven filters {@code phasor-version.properties}). */
public final class PhasorVersion {

    private static final String VERSION = load();

    private PhasorVersion() {
    }

    /** The version, e.g. {@code 0.1.0}; {@code unknown} if the build did not stamp it. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PhasorVersion.class.getResourceAsStream("/dev/phasor/report/phasor-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
