package dev.phasor.dashboard;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cache.StepStatus;
import dev.phasor.internal.Json;
import dev.phasor.internal.PlainData;
import dev.phasor.key.KeyComponents;
import dev.phasor.key.KeyExplainer;
import dev.phasor.report.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step as its detail panel shows it: definition (parameters, upstream), key and why it ran or was
 * reused (the components {@code phasor explain} prints), status and timings, log tail, result file and a
 * preview of its value when that is plain data.
 */
final class StepDetail {

    /** Results larger than this are not decoded for a preview. */
    static final long MAX_PREVIEW_BYTES = 1 << 20;
    /** The preview's text is cut at this many characters. */
    static final int MAX_PREVIEW_CHARS = 4000;

    private StepDetail() {
    }

    /** The detail of {@code step}, or null if the board has no such step. */
    static Map<String, Object> of(StepBoard board, String step) {
        Object[] seen = board.read(v -> {
            int i = v.indexOf(step);
            return i < 0 ? null : new Object[] {v.schema(), v.status(i), v.outcome(i)};
        });
        if (seen == null) {
            return null;
        }
        SchemaDocument schema = (SchemaDocument) seen[0];
        StepStatus status = (StepStatus) seen[1];
        Outcome outcome = (Outcome) seen[2];
        SchemaDocument.StepEntry entry = SchemaFile.byName(schema).get(step);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("step", step);
        d.put("outcome", outcome.label());
        d.put("kind", entry.kind());
        d.put("params", entry.params());
        d.put("env", entry.env());
        d.put("inputs", entry.inputs());
        d.put("after", entry.after());
        d.put("code", entry.code());
        d.put("version", entry.version());
        d.put("key", entry.key());
        d.put("why", why(outcome, status));
        d.put("keyComponents", components(schema, step));
        d.put("status", status);
        d.put("logTail", LogTail.of(board.layout().logFile(step)));
        Path result = board.layout().resultFile(step);
        if (outcome == Outcome.DONE || outcome == Outcome.CACHED) {
            if (Files.isRegularFile(result)) {
                d.put("resultFile", result.getFileName().toString());
                d.put("resultBytes", size(result));
                preview(board, step, size(result), d);
            }
        }
        return d;
    }

    private static String why(Outcome outcome, StepStatus s) {
        switch (outcome) {
            case CACHED:
                return "reused: a valid result for this key was already in the cache (same name, parameters, code,"
                        + " version and upstream keys), so it did not run again";
            case DONE:
                return "ran: the cache held no valid result for this key (a new or changed step, a changed upstream"
                        + " step, --rerun, or an earlier failure); ran on " + s.worker();
            case FAILED:
                return "ran and failed on " + s.worker() + " after " + Math.max(1, s.attempt()) + " attempt(s)";
            case SKIPPED:
                return "skipped: " + s.reason();
            case RUNNING:
                return "running: dispatched to a worker";
            default:
                return s != null && s.reason() != null ? "pending: " + s.reason() : "pending: not run yet";
        }
    }

    private static List<Map<String, String>> components(SchemaDocument schema, String step) {
        List<Map<String, String>> list = new ArrayList<>();
        for (KeyComponents.Component c : KeyExplainer.components(schema, step).components()) {
            list.add(Map.of("name", c.name(), "value", c.value()));
        }
        return list;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void preview(StepBoard board, String step, long bytes, Map<String, Object> d) {
        if (bytes > MAX_PREVIEW_BYTES) {
            d.put("previewNote", "no preview: the result is larger than " + MAX_PREVIEW_BYTES + " bytes");
            return;
        }
        try {
            Object value = CacheReader.open(board.layout().root(), board.layout().pipeline()).result(step);
            String problem = PlainData.problem(value);
            if (problem != null) {
                d.put("previewNote", "no preview: the value is a " + value.getClass().getName() + ", not plain data");
                return;
            }
            String text = Json.PRETTY.writeValueAsString(value);
            d.put("preview", text.length() > MAX_PREVIEW_CHARS ? text.substring(0, MAX_PREVIEW_CHARS) + "\n…" : text);
        } catch (Exception | LinkageError e) { // a type only the pipeline's own classpath knows, a damaged file
            d.put("previewNote", "no preview: " + e.getMessage());
        }
    }
}
