package dev.phasor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names with numbers sort by value, as the report and the run manifest list workers and groups. */
class NaturalOrderTest {

    private static int sign(String a, String b) {
        return Integer.signum(NaturalOrder.INSTANCE.compare(a, b));
    }

    @Test
    void numbersCompareByValueNotByText() {
        assertEquals(-1, sign("rank-2", "rank-10"));
        assertEquals(-1, sign("hz:127.0.0.1:5901", "hz:127.0.0.1:40317"));
        assertEquals(1, sign("w19999", "w2"));
    }

    @Test
    void leadingZerosDoNotChangeTheValue() {
        assertEquals(0, sign("s007", "s7"));
        assertEquals(0, sign("s000", "s0"));
        assertEquals(1, sign("s010", "s9"));
        assertEquals(-1, sign("x0", "x00a")); // equal numbers, then the shorter rest first
    }

    @Test
    void textComparesByCharacterAndPrefixesComeFirst() {
        assertEquals(-1, sign("a1", "b1"));
        assertEquals(-1, sign("w", "w1"));
        assertEquals(0, sign("same-12x", "same-12x"));
    }

    @Test
    void sortsAMixedListNaturally() {
        List<String> names = new ArrayList<>(List.of("w10", "w9", "w100", "v1", "w1", "w010x"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("v1", "w1", "w9", "w10", "w010x", "w100"), names);
    }
}
