package dev.phasor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The hand-written parser of status-file times agrees with {@link Instant#parse}. */
class TimesTest {

    @Test
    void parsesWhatInstantWritesAndRejectsTheRest() {
        for (String iso : new String[] {"2026-12-01T08:02:49.726274743Z", "2026-12-01T08:02:49Z", "2026-02-28T23:59:59.5Z",
            "1999-01-01T00:00:00.001Z", "2024-02-29T12:00:00.123456Z"}) {
            assertEquals(Instant.parse(iso), Times.instant(iso), iso);
        }
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), Times.instant("2026-12-01T10:00:00+01:00"), "other forms: parse");
        assertNull(Times.instant("2026-02-30T00:00:00Z"));
        assertNull(Times.instant("not a time"));
        assertNull(Times.instant(null));
    }

    @Test
    void theReportsDurationsReadAsTheSummarys() {
        for (double ms : new double[] {0, 0.0004, 0.1794, 0.9996, 1, 4.25, 71.06, 999.94, 999.96, 1000, 1234.5, 119_999,
            120_000, 3_600_000}) {
            assertEquals(dev.phasor.cache.SummaryTable.duration(ms), Html.duration(ms), "ms=" + ms);
        }
    }
}
