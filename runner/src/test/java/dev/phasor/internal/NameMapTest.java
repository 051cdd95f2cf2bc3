package dev.phasor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameMapTest {

    @Test
    void behavesAsALinkedHashMapForPutGetAndIterationOrder() {
        NameMap<Integer> names = new NameMap<>(2); // grows many times
        Map<String, Integer> reference = new LinkedHashMap<>();
        for (int i = 0; i < 50_000; i++) {
            String name = "s" + (i * 7919 % 50_000);
            assertEquals(reference.put(name, i), names.put(name, i));
        }
        assertEquals(reference.size(), names.size());
        assertEquals(reference, names);
        assertEquals(names, reference);
        assertEquals(reference.hashCode(), names.hashCode());
        assertEquals(new ArrayList<>(reference.keySet()), new ArrayList<>(names.keySet()));
        assertEquals(new ArrayList<>(reference.values()), new ArrayList<>(names.values()));
        assertEquals(new ArrayList<>(reference.entrySet()), new ArrayList<>(names.entrySet()));
        assertNull(names.get("absent"));
        assertFalse(names.containsKey("absent"));
        assertFalse(names.containsKey(42));
    }

    @Test
    void replacingAValueKeepsTheNameItsIndex() {
        NameMap<String> m = new NameMap<>();
        m.put("b", "1");
        m.put("a", "2");
        assertEquals("1", m.put("b", "3"));
        assertEquals(List.of("b", "a"), new ArrayList<>(m.keySet()));
        assertEquals(0, m.indexOf("b"));
        assertEquals(1, m.indexOf("a"));
        assertEquals(-1, m.indexOf("c"));
        m.setValueAt(1, "4");
        assertEquals("4", m.get("a"));
        assertEquals("a", m.nameAt(1));
        assertEquals("3", m.valueAt(0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.valueAt(2));
    }

    @Test
    void holdsNullValuesButNoNullNames() {
        NameMap<String> m = new NameMap<>();
        assertNull(m.put("a", null));
        assertTrue(m.containsKey("a"));
        assertNull(m.get("a"));
        assertThrows(NullPointerException.class, () -> m.put(null, "x"));
    }

    @Test
    void neverRemovesAndFailsFastWhenGrownDuringIteration() {
        NameMap<String> m = new NameMap<>();
        m.put("a", "1");
        assertThrows(UnsupportedOperationException.class, () -> m.remove("a"));
        assertThrows(UnsupportedOperationException.class, m::clear);
        Iterator<String> it = m.keySet().iterator();
        m.put("b", "2");
        assertThrows(ConcurrentModificationException.class, it::next);
    }
}
