package dev.phasor.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()}'s text (ISO-8601, UTC, the fraction in groups of three digits as needed), written
 * without {@code DateTimeFormatter}: every step's status carries two timestamps, and the formatter's general
 * machinery was about a tenth of a no-op step's Java time. Instants outside years 1000-9999 go to the JDK.
 */
public final class IsoInstant {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 1000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, as epoch seconds. */
    private static final long MIN_SECOND = -30_610_224_000L;
    private static final long MAX_SECOND = 253_402_300_800L;

    private IsoInstant() {
    }

    /** The same text as {@code instant.toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
            return instant.toString();
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        int nano = instant.getNano();
        char[] c = new char[30];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        int end = 19;
        if (nano != 0) {
            c[end++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(c, end, nano / 1_000_000, 3);
                end += 3;
            } else if (nano % 1_000 == 0) {
                digits(c, end, nano / 1_000, 6);
                end += 6;
            } else {
                digits(c, end, nano, 9);
                end += 9;
            }
        }
        c[end++] = 'Z';
        return new String(c, 0, end);
    }

    private static void digits(char[] c, int at, int value, int width) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }
}
