package dev.phasor.internal;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A map from step names to values in insertion order, for the per-step tables a run keeps for its whole
 * length (steps by name, phases, keys, statuses). A {@link java.util.LinkedHashMap} costs about 50 bytes
 * per entry (a 40-byte entry object and its slot); this keeps the names and values in two arrays and an
 * open-addressing table of indices: 16-24 bytes per entry and no object per entry. Each entry also has a
 * stable index (its insertion position), which callers use to keep their own per-step arrays.
 *
 * <p>Entries can be added and their values replaced, never removed. Null keys are refused; null values are
 * allowed. Not thread-safe; iteration order is insertion order, as {@code LinkedHashMap}'s.
 */
public final class NameMap<V> extends AbstractMap<String, V> {

    private String[] names;
    private Object[] values;
    /** Index + 1 of the entry in each slot; 0 for an empty slot. Kept at most half full. */
    private int[] slots;
    private int size;

    public NameMap() {
        this(8);
    }

    /** A map sized for {@code expected} entries without growing. */
    public NameMap(int expected) {
        int capacity = Math.max(4, expected);
        names = new String[capacity];
        values = new Object[capacity];
        slots = new int[tableSize(capacity)];
    }

    private static int tableSize(int capacity) {
        return Integer.highestOneBit(Math.max(8, capacity * 2 - 1)) << 1;
    }

    /** The insertion index of {@code name}, or -1 if it is absent. */
    public int indexOf(Object name) {
        if (!(name instanceof String s)) {
            return -1;
        }
        int mask = slots.length - 1;
        for (int slot = home(s); ; slot = (slot + 1) & mask) {
            int at = slots[slot];
            if (at == 0) {
                return -1;
            }
            if (names[at - 1].equals(s)) {
                return at - 1;
            }
        }
    }

    /** The name at insertion index {@code index}. */
    public String nameAt(int index) {
        Objects.checkIndex(index, size);
        return names[index];
    }

    /** The value at insertion index {@code index}. */
    @SuppressWarnings("unchecked")
    public V valueAt(int index) {
        Objects.checkIndex(index, size);
        return (V) values[index];
    }

    /** Replaces the value at insertion index {@code index}. */
    public void setValueAt(int index, V value) {
        Objects.checkIndex(index, size);
        values[index] = value;
    }

    /**
     * The first slot to probe: Fibonacci hashing of the name's hash. Step names are often numbered
     * ({@code s1}, {@code s2}...), whose hash codes are consecutive; taken as they are, they would fill
     * runs of neighbouring slots and make linear probing walk long clusters.
     */
    private int home(String name) {
        return (name.hashCode() * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(slots.length));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    public V put(String key, V value) {
        Objects.requireNonNull(key, "name");
        int i = indexOf(key);
        if (i >= 0) {
            @SuppressWarnings("unchecked")
            V old = (V) values[i];
            values[i] = value;
            return old;
        }
        if (size == names.length) {
            int capacity = names.length + (names.length >> 1) + 1;
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        if ((size + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        names[size] = key;
        values[size] = value;
        size++;
        insertSlot(size - 1);
        return null;
    }

    private void rehash(int tableSize) {
        slots = new int[tableSize];
        for (int i = 0; i < size; i++) {
            insertSlot(i);
        }
    }

    private void insertSlot(int index) {
        int mask = slots.length - 1;
        int slot = home(names[index]);
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = index + 1;
    }

    /** Entries cannot be removed: the insertion indices are what callers index their own arrays by. */
    @Override
    public V remove(Object key) {
        throw new UnsupportedOperationException("a NameMap never removes entries");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("a NameMap never removes entries");
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Cursor<>() {
                    @Override
                    Map.Entry<String, V> at(int i) {
                        return new AbstractMap.SimpleImmutableEntry<>(names[i], valueAt(i));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return new Cursor<>() {
                    @Override
                    String at(int i) {
                        return names[i];
                    }
                };
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return new Cursor<>() {
                    @Override
                    V at(int i) {
                        return valueAt(i);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Iterates insertion indices; fails fast if entries are added meanwhile. */
    private abstract class Cursor<T> implements Iterator<T> {
        private final int expectedSize = size;
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < expectedSize;
        }

        @Override
        public T next() {
            if (size != expectedSize) {
                throw new java.util.ConcurrentModificationException();
            }
            if (next >= expectedSize) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }
}
