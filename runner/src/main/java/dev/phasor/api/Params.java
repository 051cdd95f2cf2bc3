package dev.phasor.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A step's explicit parameters: named plain values (strings, numbers, booleans, enums, and lists,
 * arrays and string-keyed maps of those) that are hashed into the step's key, recorded in the schema
 * and handed to the step's function as its first argument.
 *
 * <p>Plain data only, so that every JVM computes the same key from the same definition; anything
 * else is a definition error when the pipeline is built. Immutable.
 */
public final class Params {

    private static final Params EMPTY = new Params(Map.of());
    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = values;
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
        return new Params(Collections.unmodifiableMap(map));
    }

    /** Parameters from a map, keeping its iteration order. */
    public static Params of(Map<String, ?> map) {
        return new Params(Collections.unmodifiableMap(new LinkedHashMap<>(map)));
    }

    /** The parameters as an unmodifiable map in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** True if there are no parameters. */
    public boolean isEmpty() {
        return values.isEmpty();
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
        return values.getOrDefault(name, fallback);
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
        Object value = values.get(name);
        if (value == null && !values.containsKey(name)) {
            throw new IllegalArgumentException("no parameter '" + name + "' (parameters: " + values.keySet() + ")");
        }
        return Objects.requireNonNull(value, () -> "parameter '" + name + "' is null");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
