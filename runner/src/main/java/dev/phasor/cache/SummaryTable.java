package dev.phasor.cache;

import dev.phasor.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders statuses as ezpyp's summary table, ordered by phase: name, params, phase, status, state,
 * run (ran or cached), duration, worker, result: a done step's value when it is plain and short (a number,
 * a short string: {@code 1.125}) and the run has at most {@link #MAX_STEPS_WITH_VALUES} steps, else the path
 * of its result file. The same text goes to {@code pipeline.summary} and to {@code phasor status}.
 */
public final class SummaryTable {

    private static final String[] HEADER = {"name", "params", "phase", "status", "state", "run", "duration",
        "worker", "result"};
    private static final int MAX_PARAMS_WIDTH = 40;
    /** The widest value shown as itself; a longer one is shown as its result file's path. */
    static final int MAX_VALUE_WIDTH = 40;
    /** Results larger than this on disk are not read for the table: no plain short value is that large. */
    private static final long MAX_VALUE_BYTES = 1024;
    /** Past this many steps the table shows paths only: a read per step would slow the end of large runs. */
    static final int MAX_STEPS_WITH_VALUES = 200;

    private SummaryTable() {
    }

    /**
     * Writes the table for {@code statuses} (in plan order) with its heading to {@code out}, a row at a time:
     * two passes (column widths, then rows) instead of the whole table in memory, which for a 100,000-step
     * run is more than the coordinator's own state.
     *
     * @param params a step's parameters as JSON text, by step name
     */
    public static void write(Appendable out, CacheLayout layout, List<StepStatus> statuses,
            Function<String, String> params) throws IOException {
        write(out, layout, statuses, params, null);
    }

    /**
     * As {@link #write(Appendable, CacheLayout, List, Function)}, showing a done step's plain value instead of
     * its path.
     *
     * @param results reads a done step's result (null: paths only); a result that cannot be read shows its path
     */
    public static void write(Appendable out, CacheLayout layout, List<StepStatus> statuses,
            Function<String, String> params, Function<StepStatus, Object> results) throws IOException {
        int[] width = new int[HEADER.length];
        widen(width, HEADER);
        int done = 0;
        int failed = 0;
        int skipped = 0;
        // what layout.resultFile(step).toString() gives, without resolving a Path per row (100k-step runs)
        String resultDir = layout.dir().toString() + layout.dir().getFileSystem().getSeparator();
        // the cells that cost something to render (parameters, durations) are rendered once, in the width pass
        String[] paramCells = new String[statuses.size()];
        String[] durationCells = new String[statuses.size()];
        String[] resultCells = new String[statuses.size()];
        boolean values = results != null && statuses.size() <= MAX_STEPS_WITH_VALUES;
        int i = 0;
        for (StepStatus s : statuses) {
            switch (s.status()) {
                case StepStatus.DONE -> done++;
                case StepStatus.FAILED -> failed++;
                case StepStatus.SKIPPED -> skipped++;
                default -> { }
            }
            paramCells[i] = clip(params.apply(s.step()));
            durationCells[i] = durationCell(s);
            resultCells[i] = s.status() != StepStatus.DONE ? reasonOf(s)
                    : values && s.resultBytes() <= MAX_VALUE_BYTES ? valueCell(s, results, resultDir)
                    : resultDir + s.step() + CacheLayout.RESULT_SUFFIX;
            widen(width, row(s, paramCells[i], durationCells[i], resultCells[i]));
            i++;
        }
        out.append(String.format(Locale.ROOT, "pipeline %s  cache %s  steps %d: %d done, %d failed, %d skipped, %d"
                + " not run%n", layout.pipeline(), layout.dir(), statuses.size(), done, failed, skipped,
                statuses.size() - done - failed - skipped));
        StringBuilder line = new StringBuilder();
        appendAligned(out, line, HEADER, width);
        i = 0;
        for (StepStatus s : statuses) {
            appendAligned(out, line, row(s, paramCells[i], durationCells[i], resultCells[i]), width);
            i++;
        }
    }

    private static String durationCell(StepStatus s) {
        return s.status() == StepStatus.DONE || s.status() == StepStatus.FAILED ? duration(s.durationMs()) : "-";
    }

    private static String[] row(StepStatus s, String paramsCell, String durationCell, String resultCell) {
        return new String[] {s.step(), paramsCell, Integer.toString(s.phase()),
            s.status() < 0 ? "-" : Integer.toString(s.status()), s.state().word(), s.run() == null ? "-" : s.run(),
            durationCell, s.worker() == null ? "-" : s.worker(), resultCell};
    }

    /** A done step's value if it is plain and short, else its result file's path. */
    private static String valueCell(StepStatus s, Function<StepStatus, Object> results, String resultDir) {
        String value;
        try {
            value = plainValue(results.apply(s));
        } catch (RuntimeException e) { // damaged, or a type this reader cannot decode: the path says where it is
            value = null;
        }
        return value != null ? value : resultDir + s.step() + CacheLayout.RESULT_SUFFIX;
    }

    /**
     * {@code value} as the table shows it, or null if it is not plain and short: numbers, booleans, characters,
     * enum constants, and strings (a shell step's output) of one line up to {@link #MAX_VALUE_WIDTH} characters.
     */
    static String plainValue(Object value) {
        String text;
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            text = String.valueOf(value);
        } else if (value instanceof Enum<?> e) {
            text = e.name();
        } else if (value instanceof String s) {
            text = s;
        } else if (value instanceof dev.phasor.api.ShellResult r) {
            text = r.text();
        } else {
            return null;
        }
        boolean oneLine = text.chars().noneMatch(Character::isISOControl);
        return oneLine && !text.isBlank() && text.length() <= MAX_VALUE_WIDTH ? text : null;
    }

    /**
     * Parameters of a schema step as compact JSON: {@link Json#canonical}'s text. The summary of a 100,000-step
     * run renders 200,000 of them (two passes), so flat maps of plain values are written here directly, as
     * Jackson writes them (keys sorted, no escaping needed); anything else goes through Jackson.
     */
    public static String paramsText(Map<String, Object> params) {
        if (params.isEmpty()) {
            return "{}";
        }
        if (params.size() > 8) {
            return Json.canonical(params);
        }
        String[] keys = params.keySet().toArray(new String[0]);
        java.util.Arrays.sort(keys); // as ORDER_MAP_ENTRIES_BY_KEYS: String's natural order
        StringBuilder b = new StringBuilder(16 * keys.length + 2).append('{');
        for (String key : keys) {
            Object v = params.get(key);
            if (key == null || !plain(key)) {
                return Json.canonical(params);
            }
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(key).append("\":");
            if (v instanceof String text && plain(text)) {
                b.append('"').append(text).append('"');
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                    || v instanceof Boolean) {
                b.append(v);
            } else {
                return Json.canonical(params);
            }
        }
        return b.append('}').toString();
    }

    /** Printable ASCII without quote or backslash: text JSON writes as it is. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String reasonOf(StepStatus s) {
        if (s.status() == StepStatus.FAILED) {
            return s.errorType() + ": " + firstLine(s.errorMessage());
        }
        if (s.status() == StepStatus.SKIPPED || s.reason() != null) {
            return s.reason(); // a skip, or why a step was left pending
        }
        return "-";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        return text.lines().findFirst().orElse("");
    }

    private static String clip(String text) {
        return text.length() <= MAX_PARAMS_WIDTH ? text : text.substring(0, MAX_PARAMS_WIDTH - 3) + "...";
    }

    /** Milliseconds as a short human duration. */
    public static String duration(double ms) {
        // BigDecimal.valueOf rounds as String.format does (HALF_UP on the shortest decimal form), ten times
        // faster: the summary of a 100,000-step run formats 100,000 durations
        if (ms < 1) {
            return fixed(ms * 1000, 0) + " us";
        }
        if (ms < 1000) {
            return fixed(ms, 1) + " ms";
        }
        if (ms < 120_000) {
            return fixed(ms / 1000, 2) + " s";
        }
        return fixed(ms / 60_000, 1) + " min";
    }

    private static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    private static void widen(int[] width, String[] row) {
        for (int i = 0; i < row.length; i++) {
            width[i] = Math.max(width[i], row[i] == null ? 4 : row[i].length());
        }
    }

    private static void appendAligned(Appendable out, StringBuilder line, String[] row, int[] width) throws IOException {
        line.setLength(0);
        for (int i = 0; i < row.length; i++) {
            String cell = row[i] == null ? "null" : row[i];
            line.append(cell);
            if (i < row.length - 1) {
                for (int pad = width[i] - cell.length() + 2; pad > 0; pad--) {
                    line.append(' ');
                }
            }
        }
        int end = line.length(); // no trailing blanks, as String.stripTrailing
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        line.setLength(end);
        line.append('\n');
        out.append(line);
    }
}
