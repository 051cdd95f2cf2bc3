package dev.phasor.cluster.secret;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    @Test
    void eachNumberIsAcceptedOnceEvenOutOfOrder() {
        ReplayGuard g = new ReplayGuard();
        assertTrue(g.accept(3));
        assertTrue(g.accept(1));
        assertTrue(g.accept(2));
        assertFalse(g.accept(1));
        assertFalse(g.accept(3));
        assertTrue(g.accept(4));
        assertFalse(g.accept(-1));
    }

    @Test
    void numbersOlderThanTheWindowAreRefusedAndSlotsAreReused() {
        ReplayGuard g = new ReplayGuard();
        assertTrue(g.accept(5));
        assertTrue(g.accept(5 + ReplayGuard.WINDOW));
        assertFalse(g.accept(5), "fell out of the window");
        assertTrue(g.accept(6 + ReplayGuard.WINDOW), "its slot was 6's, never seen");
        assertFalse(g.accept(6 + ReplayGuard.WINDOW));
        assertTrue(g.accept(10 * ReplayGuard.WINDOW), "a jump past the window clears it");
        assertFalse(g.accept(10 * ReplayGuard.WINDOW));
        assertTrue(g.accept(10 * ReplayGuard.WINDOW - 1));
    }

    @Test
    void anOpeningMessageIsFreshOnceAndOnlyWithinTheClockSkew() {
        FreshnessGuard f = new FreshnessGuard();
        long now = 1_000_000_000L;
        assertNull(f.accept("n1", now - 1000, now));
        assertTrue(f.accept("n1", now - 1000, now + 5).contains("seen before"));
        assertTrue(f.accept("n2", now - FreshnessGuard.MAX_SKEW_MILLIS - 1, now).contains("ago"));
        assertTrue(f.accept("n3", now + FreshnessGuard.MAX_SKEW_MILLIS + 1, now).contains("ahead of this clock"));
        assertNull(f.accept("n4", now, now));
        // long after, n1 is forgotten, but its message is stale by then anyway
        long later = now + 3 * FreshnessGuard.MAX_SKEW_MILLIS;
        assertTrue(f.accept("n1", now - 1000, later).contains("ago"));
    }
}
