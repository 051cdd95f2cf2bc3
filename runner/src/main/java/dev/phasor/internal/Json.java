package dev.phasor.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The JSON mappers Phasor uses (Jackson): one canonical for hashing, one pretty for files people read. */
public final class Json {

    /** Sorted keys, no white space: the same value always gives the same bytes. */
    public static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    /** Indented output for files in the cache directory. */
    public static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer fields
            .build();

    /**
     * Compact output for the cache files a run writes in proportion to its steps (the schema, statuses): no
     * white space, the same fields as {@link #PRETTY}, which reads both.
     */
    public static final ObjectMapper COMPACT = JsonMapper.builder().build();

    private Json() {
    }

    /** Canonical JSON of a plain-data value. */
    public static String canonical(Object value) {
        // most steps of a large pipeline have no parameters: skip the mapper for what it would write anyway
        if (value instanceof java.util.Map<?, ?> m && m.isEmpty()) {
            return "{}";
        }
        if (value instanceof java.util.Collection<?> c && c.isEmpty()) {
            return "[]";
        }
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * SHA-256 (hex) of the UTF-8 canonical JSON of {@code value}: the same as
     * {@code Hashing.sha256Hex(canonical(value))}, streamed into the digest, so a schema of a million steps
     * is hashed without holding its JSON text in memory.
     */
    public static String canonicalSha256Hex(Object value) {
        MessageDigest sha = Hashing.sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            CANONICAL.writeValue(out, value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a digest failed: " + e, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
