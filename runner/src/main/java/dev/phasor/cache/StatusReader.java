package dev.phasor.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.phasor.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a status record with Jackson's streaming parser, field by field, as {@link StatusFiles} writes it:
 * the coordinator decodes one per step it is told of, and data binding cost about 30 us a status on a
 * coordinator JVM that runs C1 only (docs/performance.md), a third of its work per step. Reads what data
 * binding reads: fields in any order, unknown ones skipped (newer writers), nulls as absent; a value of the
 * wrong type is an {@link IOException}.
 */
final class StatusReader {

    private StatusReader() {
    }

    static StatusRecord read(byte[] json) throws IOException {
        try (JsonParser p = Json.PRETTY.getFactory().createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            String step = null;
            String state = null;
            String key = null;
            String run = null;
            String started = null;
            String ended = null;
            String worker = null;
            String host = null;
            String errorType = null;
            String errorMessage = null;
            String stackTrace = null;
            String reason = null;
            String blamedStep = null;
            int phase = 0;
            int status = 0;
            int attempt = 0;
            double durationMs = 0;
            long resultBytes = 0;
            List<StepStatus.Attempt> attempts = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "step" -> step = text(p);
                    case "phase" -> phase = p.getIntValue();
                    case "status" -> status = p.getIntValue();
                    case "state" -> state = text(p);
                    case "key" -> key = text(p);
                    case "run" -> run = text(p);
                    case "started" -> started = text(p);
                    case "ended" -> ended = text(p);
                    case "durationMs" -> durationMs = p.getDoubleValue();
                    case "worker" -> worker = text(p);
                    case "host" -> host = text(p);
                    case "attempt" -> attempt = p.getIntValue();
                    case "errorType" -> errorType = text(p);
                    case "errorMessage" -> errorMessage = text(p);
                    case "stackTrace" -> stackTrace = text(p);
                    case "reason" -> reason = text(p);
                    case "blamedStep" -> blamedStep = text(p);
                    case "resultBytes" -> resultBytes = p.getLongValue();
                    case "attempts" -> attempts = attempts(p);
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, p);
            return new StatusRecord(step, phase, status, state, key, run, started, ended, durationMs, worker, host,
                    attempt, errorType, errorMessage, stackTrace, reason, blamedStep, resultBytes, attempts);
        }
    }

    private static List<StepStatus.Attempt> attempts(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, p);
        List<StepStatus.Attempt> attempts = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int attempt = 0;
            double durationMs = 0;
            String started = null;
            String ended = null;
            String state = null;
            String errorType = null;
            String errorMessage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "attempt" -> attempt = p.getIntValue();
                    case "started" -> started = text(p);
                    case "ended" -> ended = text(p);
                    case "durationMs" -> durationMs = p.getDoubleValue();
                    case "state" -> state = text(p);
                    case "errorType" -> errorType = text(p);
                    case "errorMessage" -> errorMessage = text(p);
                    default -> p.skipChildren();
                }
            }
            attempts.add(new StepStatus.Attempt(attempt, started, ended, durationMs, state, errorType, errorMessage));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY, p);
        return attempts;
    }

    /** A string value. Stricter than data binding, which turns a number into text: Phasor never writes one there. */
    private static String text(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("expected a string for '" + p.currentName() + "', got " + p.currentToken());
        }
        return p.getText();
    }

    private static void expect(JsonToken got, JsonToken wanted, JsonParser p) throws IOException {
        if (got != wanted) {
            throw new IOException("not a status record: expected " + wanted + ", got " + got + " at "
                    + p.currentLocation());
        }
    }
}
