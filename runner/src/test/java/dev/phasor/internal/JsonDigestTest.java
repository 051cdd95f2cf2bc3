package dev.phasor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDigestTest {

    @Test
    void streamedDigestEqualsTheDigestOfTheCanonicalText() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", List.of(1, 2.5, "ünïcødé ✓", true));
        m.put("alpha", Map.of("b", 1, "a", List.of()));
        Object value = List.of("pipeline", m, 42L);
        assertEquals(Hashing.sha256Hex(Json.canonical(value)), Json.canonicalSha256Hex(value));
        assertNotEquals(Json.canonicalSha256Hex(List.of("pipeline", 1)), Json.canonicalSha256Hex(List.of("pipeline", 2)));
    }

    @Test
    void emptyMapsAndListsAreWrittenAsTheMapperWritesThem() throws Exception {
        for (Object empty : List.of(Map.of(), new LinkedHashMap<>(), List.of(), new java.util.TreeMap<>(), java.util.Set.of())) {
            assertEquals(Json.CANONICAL.writeValueAsString(empty), Json.canonical(empty));
        }
    }
}
