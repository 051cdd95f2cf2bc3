package dev.phasor.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parsing of the ISO-8601 times in status files and manifests. */
final class Times {

    private Times() {
    }

    /** The instant of {@code iso}, or null if it is null or not a time. */
    static Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
