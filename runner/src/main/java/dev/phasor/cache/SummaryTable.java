package dev.phasor.cache;

import dev.phasor.internal.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders statuses as ezpyp's summary table, ordered by phase: name, params, phase, status, state,
 * run (ran or cached), duration, worker, result path. The same text goes to {@code pipeline.summary}
 * and to {@code phasor status}.
 */
public final class SummaryTable {

    private static final String[] HEADER = {"name", "params", "phase", "status", "state", "run", "duration",
        "worker", "result"};
    private static final int MAX_PARAMS_WIDTH = 40;

    private SummaryTable() {
    }

    /**
     * The table for {@code statuses} (in plan order) with a one-line heading.
     *
     * @param params each step's parameters as JSON text
     */
    public static String render(CacheLayout layout, List<StepStatus> statuses, Map<String, String> params) {
        List<String[]> rows = new ArrayList<>(statuses.size() + 1);
        rows.add(HEADER);
        int done = 0;
        int failed = 0;
        int skipped = 0;
        // what layout.resultFile(step).toString() gives, without resolving a Path per row (100k-step runs)
        String resultDir = layout.dir().toString() + layout.dir().getFileSystem().getSeparator();
        for (StepStatus s : statuses) {
            switch (s.status()) {
                case StepStatus.DONE -> done++;
                case StepStatus.FAILED -> failed++;
                case StepStatus.SKIPPED -> skipped++;
                default -> { }
            }
            rows.add(new String[] {s.step(), clip(params.getOrDefault(s.step(), "{}")), Integer.toString(s.phase()),
                s.status() < 0 ? "-" : Integer.toString(s.status()), s.state(), s.run() == null ? "-" : s.run(),
                s.status() == StepStatus.DONE || s.status() == StepStatus.FAILED ? duration(s.durationMs()) : "-",
                s.worker() == null ? "-" : s.worker(),
                s.status() == StepStatus.DONE ? resultDir + s.step() + CacheLayout.RESULT_SUFFIX : reasonOf(s)});
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "pipeline %s  cache %s  steps %d: %d done, %d failed, %d skipped, %d"
                + " not run%n", layout.pipeline(), layout.dir(), statuses.size(), done, failed, skipped,
                statuses.size() - done - failed - skipped));
        appendAligned(out, rows);
        return out.toString();
    }

    /** Parameters of a schema step as compact JSON. */
    public static String paramsText(Map<String, Object> params) {
        return Json.canonical(params);
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

    private static void appendAligned(StringBuilder out, List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i] == null ? 4 : row[i].length());
            }
        }
        for (String[] row : rows) {
            int start = out.length();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i] == null ? "null" : row[i];
                out.append(cell);
                if (i < row.length - 1) {
                    for (int pad = width[i] - cell.length() + 2; pad > 0; pad--) {
                        out.append(' ');
                    }
                }
            }
            int end = out.length(); // no trailing blanks, as String.stripTrailing
            while (end > start && Character.isWhitespace(out.charAt(end - 1))) {
                end--;
            }
            out.setLength(end);
            out.append('\n');
        }
    }
}
