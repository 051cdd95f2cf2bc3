package dev.phasor.report;

import dev.phasor.cache.StepStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The report's step table: every step's outcome, duration, worker, start and error, sortable by column. */
final class StepTable {

    /** Above this many steps the table lists failed and skipped steps first, then the slowest. */
    static final int MAX_ROWS = 5000;

    private StepTable() {
    }

    static void render(StringBuilder h, RunView view) {
        h.append("<section id=\"steps\">\n<h2>Steps</h2>\n");
        List<StepView> rows = view.steps();
        if (rows.size() > MAX_ROWS) {
            h.append("<p class=\"note\">").append(rows.size()).append(" steps: showing ").append(MAX_ROWS)
                    .append(" (failed and skipped first, then the slowest); every step is in pipeline.summary.</p>\n");
            rows = new ArrayList<>(rows);
            rows.sort(Comparator.comparingInt((StepView s) -> s.outcome() == Outcome.FAILED ? 0
                    : s.outcome() == Outcome.SKIPPED ? 1 : 2).thenComparing(s -> -s.status().durationMs()));
            rows = rows.subList(0, MAX_ROWS);
        }
        h.append("<table id=\"summary\" class=\"sortable\"><thead><tr>")
                .append("<th>step</th><th>phase</th><th>status</th><th>duration</th><th>worker</th><th>started</th>")
                .append("<th>detail</th></tr></thead><tbody>\n");
        for (StepView s : rows) {
            StepStatus st = s.status();
            Outcome o = s.outcome();
            boolean timed = st.status() == StepStatus.DONE || st.status() == StepStatus.FAILED;
            h.append("<tr data-step=\"").append(Html.esc(s.name())).append("\" data-outcome=\"").append(o.label())
                    .append("\"><td><code>").append(Html.esc(s.name())).append("</code></td>").append(Html.num(s.phase()))
                    .append("<td><span class=\"badge o-").append(o.label()).append("\">").append(o.label())
                    .append("</span></td>").append(timed ? Html.msCell(st.durationMs()) : "<td class=\"num\" data-v=\"-1\">-</td>")
                    .append("<td>").append(Html.esc(st.worker() == null ? "-" : st.worker())).append("</td><td>")
                    .append(Html.esc(st.started() == null ? "-" : st.started())).append("</td><td class=\"detail\">")
                    .append(Html.esc(detail(st))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static String detail(StepStatus s) {
        if (s.status() == StepStatus.FAILED) {
            String msg = s.errorMessage() == null ? "" : s.errorMessage().lines().findFirst().orElse("");
            return s.errorType() + ": " + msg;
        }
        if (s.status() == StepStatus.SKIPPED) {
            return s.reason();
        }
        return "";
    }
}
