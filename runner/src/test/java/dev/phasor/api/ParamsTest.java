package dev.phasor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void fewParametersKeepDeclarationOrderAndMapSemantics() {
        Params p = Params.of("z", 1, "a", "x", "m", List.of(1, 2));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("z", 1);
        expected.put("a", "x");
        expected.put("m", List.of(1, 2));
        assertEquals(expected, p.asMap());
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(p.asMap().keySet()));
        assertEquals(expected.hashCode(), p.hashCode());
        assertEquals(expected.toString(), p.toString());
        assertEquals(Params.of(expected), p);
        assertEquals(1, p.getInt("z"));
        assertEquals("x", p.getString("a"));
        assertEquals("fallback", p.getOrDefault("b", "fallback"));
        assertThrows(IllegalArgumentException.class, () -> p.getInt("b"));
        assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("b", 2));
    }

    @Test
    void manyParametersKeepDeclarationOrderToo() {
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 20; i > 0; i--) {
            many.put("p" + i, i);
        }
        Params p = Params.of(many);
        assertEquals(new ArrayList<>(many.keySet()), new ArrayList<>(p.asMap().keySet()));
        assertEquals(many, p.asMap());
        assertEquals(7, p.getInt("p7"));
    }

    @Test
    void emptyParametersAreEmptyHoweverMade() {
        assertTrue(Params.of().isEmpty());
        assertTrue(Params.of(Map.of()).isEmpty());
        assertEquals(Params.none(), Params.of());
        assertFalse(Params.of("a", 1).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Params.of("a", 1, "a", 2));
    }
}
