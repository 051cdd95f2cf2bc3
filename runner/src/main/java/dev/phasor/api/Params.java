package dev.phasor.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A step's explicit parameters: named plain values (strings, numbers, booleans, enums, and lists,
 * arrays and string-keyed maps of those) that are hashed into the step's key, recorded in the schema
 * and handed to the step's function as its first argument.
 *
 * <p>Plain data only, so that every JVM computes the same key from the same definition; anything
 * else is a definition error when the pipeline is built. Immutable.
 */
public final class Params {

    private static final Params EMPTY = new Params(new Object[0]);
    /** Up to this many parameters are kept as pairs in one array; more in a map (a lookup is then a hash, not a scan). */
    private static final int MAX_PAIRS = 8;
    /**
     * Names and values alternating, for the common few parameters: a pipeline of 10^6 steps keeps one
     * Params per step for the whole run, and a one-parameter LinkedHashMap with its views costs about 270
     * bytes where this costs 40. Null when {@link #map} holds them.
     */
    private final Object[] pairs;
    private final Map<String, Object> map;

    private Params(Object[] pairs) {
        this.pairs = pairs;
        this.map = null;
    }

    private Params(Map<String, Object> map) {
        this.pairs = null;
        this.map = map;
    }

    /** No parameters. */
    public static Params none() {
        return EMPTY;
    }

    /** Parameters from alternating names and values: {@code Params.of("x", 3, "label", "a")}. */
    public static Params of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Params.of takes name, value pairs; got an odd number of arguments");
        }
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name) || name.isEmpty()) {
                throw new IllegalArgumentException("parameter name #" + (i / 2) + " must be a non-empty String, got "
                        + namesAndValues[i]);
            }
            if (map.put(name, namesAndValues[i + 1]) != null || map.size() != i / 2 + 1) {
                throw new IllegalArgumentException("parameter '" + name + "' is given twice");
            }
        }
        return from(map);
    }

    /** Parameters from a map, keeping its iteration order. */
    public static Params of(Map<String, ?> map) {
        return from(map);
    }

    private static Params from(Map<String, ?> map) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        if (map.size() > MAX_PAIRS) {
            return new Params(Collections.unmodifiableMap(new LinkedHashMap<>(map)));
        }
        Object[] pairs = new Object[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new Params(pairs);
    }

    /** The parameters as an unmodifiable map in declaration order. */
    public Map<String, Object> asMap() {
        return map != null ? map : new PairsView(pairs);
    }

    /** True if there are no parameters. */
    public boolean isEmpty() {
        return map == null && pairs.length == 0;
    }

    /** The value of {@code name}, cast to {@code type}; throws if it is missing or of another type. */
    public <V> V get(String name, Class<V> type) {
        Object value = require(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("parameter '" + name + "' is a " + value.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(value);
    }

    /** The value of {@code name}, or {@code fallback} when there is no such parameter. */
    public Object getOrDefault(String name, Object fallback) {
        return asMap().getOrDefault(name, fallback);
    }

    /** The integer parameter {@code name}. */
    public int getInt(String name) {
        return Math.toIntExact(number(name).longValue());
    }

    /** The long parameter {@code name}. */
    public long getLong(String name) {
        return number(name).longValue();
    }

    /** The numeric parameter {@code name} as a double. */
    public double getDouble(String name) {
        return number(name).doubleValue();
    }

    /** The string parameter {@code name}. */
    public String getString(String name) {
        return get(name, String.class);
    }

    /** The boolean parameter {@code name}. */
    public boolean getBoolean(String name) {
        return get(name, Boolean.class);
    }

    private Number number(String name) {
        return get(name, Number.class);
    }

    private Object require(String name) {
        Map<String, Object> values = asMap();
        Object value = values.get(name);
        if (value == null && !values.containsKey(name)) {
            throw new IllegalArgumentException("no parameter '" + name + "' (parameters: " + values.keySet() + ")");
        }
        return Objects.requireNonNull(value, () -> "parameter '" + name + "' is null");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.asMap().equals(asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** An unmodifiable map over the pairs array, in declaration order (a lookup scans at most {@value #MAX_PAIRS} names). */
    private static final class PairsView extends AbstractMap<String, Object> {
        private final Object[] pairs;

        PairsView(Object[] pairs) {
            this.pairs = pairs;
        }

        private int indexOf(Object name) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (Objects.equals(pairs[i], name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Object get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : pairs[i + 1];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public int size() {
            return pairs.length / 2;
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < pairs.length;
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            if (next >= pairs.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, Object> e = new SimpleImmutableEntry<>((String) pairs[next], pairs[next + 1]);
                            next += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return pairs.length / 2;
                }
            };
        }
    }
}
