package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.internal.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The summary's fast parameter text is exactly Jackson's canonical JSON, for plain maps and every fallback. */
class SummaryParamsTextTest {

    @Test
    void plainMapsGiveJacksonsCanonicalText() {
        List<Map<String, Object>> maps = List.of(
                Map.of(), Map.of("i", 0), Map.of("i", -7L), Map.of("b", true, "a", "x y", "c", (short) 3),
                Map.of("z", Integer.MIN_VALUE, "y", Long.MAX_VALUE, "B", (byte) -1, "_", ""),
                new TreeMap<>(Map.of("name", "w12", "n", 12)));
        for (Map<String, Object> m : maps) {
            assertEquals(Json.canonical(m), SummaryTable.paramsText(m), m::toString);
        }
    }

    @Test
    void valuesJacksonWouldEscapeOrFormatGoThroughJackson() {
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("quote", "say \"hi\"");
        odd.put("slash", "a\\b");
        odd.put("tab", "a\tb");
        odd.put("unicode", "é€😀");
        odd.put("del", "\u007f");
        odd.put("double", 1.5e-7);
        odd.put("list", List.of(1, "two"));
        odd.put("nested", Map.of("b", 1, "a", 2));
        odd.put("null", null);
        for (Map.Entry<String, Object> e : odd.entrySet()) {
            Map<String, Object> m = new HashMap<>();
            m.put(e.getKey(), e.getValue());
            m.put("k", 1);
            assertEquals(Json.canonical(m), SummaryTable.paramsText(m), e::getKey);
        }
        Map<String, Object> keyWithQuote = Map.of("a\"b", 1);
        assertEquals(Json.canonical(keyWithQuote), SummaryTable.paramsText(keyWithQuote));
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            many.put("p" + i, i);
        }
        assertEquals(Json.canonical(many), SummaryTable.paramsText(many));
    }

    @Test
    void randomPrintableMapsGiveJacksonsCanonicalText() {
        Random r = new Random(5);
        for (int n = 0; n < 2_000; n++) {
            Map<String, Object> m = new HashMap<>();
            for (int k = r.nextInt(6); k > 0; k--) {
                Object v = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt();
                    case 1 -> r.nextLong();
                    case 2 -> r.nextBoolean();
                    default -> text(r);
                };
                m.put(text(r), v);
            }
            assertEquals(Json.canonical(m), SummaryTable.paramsText(m), m::toString);
        }
    }

    private static String text(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            b.append((char) (0x1e + r.nextInt(0x64))); // around and across the printable ASCII edges
        }
        return b.toString();
    }
}
