package dev.phasor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp text is exactly {@link Instant#toString()}, and is read back as {@link Instant#parse} reads it. */
class IsoInstantTest {

    @Test
    void edgesOfTheFractionAndOfTheFastRangeMatchTheJdk() {
        List<Instant> edges = List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(-1, 999_999_999),
                Instant.ofEpochSecond(59, 1_000), Instant.ofEpochSecond(60, 1_000_000), Instant.ofEpochSecond(86_399, 120_000),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("0999-12-31T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2024-02-29T12:00:00.5Z"), Instant.parse("1969-12-31T23:59:59.000001Z"),
                Instant.MIN, Instant.MAX, Instant.now());
        for (Instant i : edges) {
            assertEquals(i.toString(), IsoInstant.format(i));
        }
    }

    @Test
    void randomInstantsMatchTheJdk() {
        Random r = new Random(17);
        for (int n = 0; n < 200_000; n++) {
            long seconds = r.nextLong() % 400_000_000_000L;
            int nano = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant i = Instant.ofEpochSecond(seconds, nano);
            assertEquals(i.toString(), IsoInstant.format(i));
            assertEquals(i, IsoInstant.parse(IsoInstant.format(i)));
        }
    }

    @Test
    void parsesWhatInstantWritesAndRejectsTheRest() {
        for (String iso : new String[] {"2026-12-01T08:02:49.726274743Z", "2026-12-01T08:02:49Z", "2026-02-28T23:59:59.5Z",
            "1999-01-01T00:00:00.001Z", "2024-02-29T12:00:00.123456Z"}) {
            assertEquals(Instant.parse(iso), IsoInstant.parse(iso), iso);
        }
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), IsoInstant.parse("2026-12-01T10:00:00+01:00"), "other forms: parse");
        assertNull(IsoInstant.parse("2026-02-30T00:00:00Z"));
        assertNull(IsoInstant.parse("not a time"));
        assertNull(IsoInstant.parse(null));
    }
}
