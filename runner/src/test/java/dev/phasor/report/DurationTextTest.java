package dev.phasor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The report's durations read as the summary's. */
class DurationTextTest {

    @Test
    void theReportsDurationsReadAsTheSummarys() {
        for (double ms : new double[] {0, 0.0004, 0.1794, 0.9996, 1, 4.25, 71.06, 999.94, 999.96, 1000, 1234.5, 119_999,
            120_000, 3_600_000}) {
            assertEquals(dev.phasor.cache.SummaryTable.duration(ms), Html.duration(ms), "ms=" + ms);
        }
    }
}
