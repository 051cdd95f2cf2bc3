package dev.phasor.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Decides what counts as plain data (parameters, captured values): values that print the same in every
 * JVM, so they can be hashed into step keys and written into the schema.
 */
public final class PlainData {

    private static final int MAX_DEPTH = 32;
    /**
     * Longest string value, in characters. Parameters are written into pipeline.schema, whose reader (Jackson)
     * refuses strings over 20 M characters: a longer one made a cache no command could read again.
     */
    public static final int MAX_STRING = 10_000_000;

    private PlainData() {
    }

    /** Null if {@code value} is plain data, else why not (naming the offending type and where it is). */
    public static String problem(Object value) {
        return problem(value, "", 0);
    }

    private static String problem(Object value, String where, int depth) {
        if (depth > MAX_DEPTH) {
            return "nested deeper than " + MAX_DEPTH + " levels" + at(where);
        }
        if (value instanceof String text && text.length() > MAX_STRING) {
            return "a string of " + text.length() + " characters is too large (at most " + MAX_STRING + ")" + at(where)
                    + ": parameters are hashed and recorded in pipeline.schema; pass large data as a file or as an"
                    + " upstream step's result";
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Enum<?>) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return null;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                String p = problem(e, where + "[" + i++ + "]", depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                String p = problem(Array.get(value, i), where + "[" + i + "]", depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return "map keys must be strings, found a " + typeName(e.getKey()) + at(where);
                }
                String p = problem(e.getValue(), where + "." + key, depth + 1);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        return "a " + value.getClass().getName() + " is not plain data" + at(where)
                + " (use strings, numbers, booleans, enums, and lists, arrays or string-keyed maps of those)";
    }

    private static String at(String where) {
        return where.isEmpty() ? "" : " (at " + where + ")";
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
