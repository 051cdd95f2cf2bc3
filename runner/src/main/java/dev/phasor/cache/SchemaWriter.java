package dev.phasor.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.phasor.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SchemaDocument} as {@code Json.COMPACT.writeValue} does, byte for byte, with Jackson's
 * streaming generator instead of its data binding. A run writes its schema before its first step; on a cold
 * JVM data binding first builds serializers for the five record types (introspection, annotation proxies, a
 * generated accessor class per record component once it has been called 15 times): 40-100 ms of a short
 * run's wall here. Parameter values other than strings, numbers and booleans still go through the mapper.
 */
final class SchemaWriter {

    private SchemaWriter() {
    }

    static void write(OutputStream out, SchemaDocument doc) throws IOException {
        try (JsonGenerator g = Json.COMPACT.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("format", doc.format());
            g.writeStringField("pipeline", doc.pipeline());
            g.writeStringField("digest", doc.digest());
            g.writeFieldName("codec");
            codec(g, doc.codec());
            g.writeFieldName("phases");
            phases(g, doc.phases());
            if (!isEmpty(doc.expansions())) {
                g.writeFieldName("expansions");
                g.writeStartArray();
                for (SchemaDocument.ExpansionEntry e : doc.expansions()) {
                    g.writeStartObject();
                    g.writeStringField("generator", e.generator());
                    g.writeFieldName("phases");
                    phases(g, e.phases());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    private static void codec(JsonGenerator g, SchemaDocument.CodecInfo c) throws IOException {
        if (c == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("fingerprint", c.fingerprint());
        g.writeFieldName("types");
        strings(g, c.types());
        g.writeEndObject();
    }

    private static void phases(JsonGenerator g, List<SchemaDocument.PhaseEntry> phases) throws IOException {
        if (phases == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (SchemaDocument.PhaseEntry p : phases) {
            g.writeStartObject();
            g.writeNumberField("phase", p.phase());
            g.writeFieldName("steps");
            if (p.steps() == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (SchemaDocument.StepEntry s : p.steps()) {
                    step(g, s);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void step(JsonGenerator g, SchemaDocument.StepEntry s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("kind", s.kind());
        g.writeStringField("code", s.code());
        g.writeStringField("codeDigest", s.codeDigest());
        g.writeStringField("version", s.version());
        g.writeFieldName("params");
        map(g, s.params());
        g.writeFieldName("env");
        map(g, s.env());
        g.writeFieldName("inputs");
        strings(g, s.inputs());
        g.writeFieldName("after");
        strings(g, s.after());
        g.writeStringField("key", s.key());
        if (!isEmpty(s.afterFinished())) {
            g.writeFieldName("afterFinished");
            strings(g, s.afterFinished());
        }
        if (s.attributes() != null && !s.attributes().isEmpty()) {
            g.writeFieldName("attributes");
            map(g, s.attributes());
        }
        g.writeEndObject();
    }

    /**
     * A map of plain values (strings, ints, longs, doubles, booleans: most parameters) is written here, entry by
     * entry as Jackson's map serializer writes it; any other value (lists, nested maps...) goes to the mapper.
     */
    private static void map(JsonGenerator g, Map<String, ?> m) throws IOException {
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        for (Map.Entry<String, ?> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            Object v = e.getValue();
            if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof Integer i) {
                g.writeNumber(i);
            } else if (v instanceof Long l) {
                g.writeNumber(l);
            } else if (v instanceof Double d) {
                g.writeNumber(d);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                g.writeObject(v);
            }
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, List<String> list) throws IOException {
        if (list == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : list) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static boolean isEmpty(Collection<?> c) {
        return c == null || c.isEmpty();
    }
}
