package dev.phasor.report;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.cache.SummaryTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTML run report: one self-contained file (inline CSS, SVG drawn here, a few lines of inline script
 * to sort the table; nothing loaded from the network) with the run's facts, a timeline of the steps each
 * worker ran (Gantt), the DAG coloured by status (a layered layout: one column per phase), execution times
 * by name group and the summary table.
 */
public final class HtmlReport {

    /** Above this many steps the DAG is summarised per phase instead of drawn. */
    static final int MAX_DRAWN_STEPS = 400;
    /** Above this many timed steps the timeline draws the longest ones only. */
    static final int MAX_BARS = 5000;
    /** Above this many steps the table lists failed and skipped steps first, then the slowest. */
    static final int MAX_ROWS = 5000;

    private static final int LABEL_WIDTH = 190;
    private static final int TIMELINE_WIDTH = 860;
    private static final int LANE_HEIGHT = 24;
    private static final int BAR_HEIGHT = 16;
    private static final int NODE_WIDTH = 160;
    private static final int NODE_HEIGHT = 24;
    private static final int COLUMN_WIDTH = 200;
    private static final int ROW_HEIGHT = 32;
    private static final int NODE_LABEL_CHARS = 22;

    private HtmlReport() {
    }

    /** Where a pipeline's report goes: {@code <cache>/<pipeline>/report.html}. */
    public static Path file(CacheLayout layout) {
        return layout.dir().resolve("report.html");
    }

    /** Writes the report of {@code view} to {@code file} atomically. */
    public static void write(RunView view, Path file) throws IOException {
        StatusFiles.writeAtomically(file, render(view).getBytes(StandardCharsets.UTF_8));
    }

    /** The report of {@code view} as one HTML document. */
    public static String render(RunView view) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"generator\" content=\"Phasor ").append(esc(PhasorVersion.get())).append("\">\n")
                .append("<title>Phasor run report: ").append(esc(view.pipeline())).append("</title>\n<style>\n")
                .append(CSS).append(outcomeCss()).append("</style>\n</head>\n<body>\n");
        header(h, view);
        timeline(h, view);
        dag(h, view);
        times(h, view);
        summary(h, view);
        h.append("<footer>Written by Phasor ").append(esc(PhasorVersion.get())).append(" at ")
                .append(esc(Instant.now().toString())).append(". Self-contained: no network needed.</footer>\n")
                .append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, RunView view) {
        h.append("<header>\n<h1>Pipeline <code>").append(esc(view.pipeline())).append("</code></h1>\n");
        RunManifest m = view.manifest();
        if (m != null) {
            h.append("<dl id=\"run\">\n");
            fact(h, "outcome", m.outcome());
            fact(h, "run", m.runId());
            fact(h, "backend", m.backend() + " (" + m.parallelism() + " at once)");
            fact(h, "started", m.startedAt());
            fact(h, "wall time", duration(m.wallMillis()));
            fact(h, "host", m.host() + " (" + m.user() + ")");
            fact(h, "Java", m.javaVersion() + " " + m.javaVendor());
            fact(h, "Phasor", m.phasorVersion());
            fact(h, "fingerprint", m.fingerprint());
            fact(h, "workers", String.join(", ", m.workers().keySet()));
            h.append("</dl>\n");
        } else {
            h.append("<p id=\"run\">No run manifest: these are the statuses found in the cache directory.</p>\n");
        }
        h.append("<ul id=\"counts\">\n");
        view.counts().forEach((o, n) -> h.append("<li class=\"badge o-").append(o.label()).append("\" data-outcome=\"")
                .append(o.label()).append("\" data-count=\"").append(n).append("\">").append(o.label()).append(' ')
                .append(n).append("</li>\n"));
        h.append("</ul>\n</header>\n");
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<dt>").append(esc(name)).append("</dt><dd data-fact=\"").append(esc(name)).append("\">")
                .append(esc(value == null ? "-" : value)).append("</dd>\n");
    }

    /** A step drawn on the timeline. */
    private record Bar(StepView step, Instant start, Instant end, String worker) {
    }

    private static void timeline(StringBuilder h, RunView view) {
        h.append("<section id=\"timeline\">\n<h2>Timeline by worker</h2>\n");
        List<StepView> timed = new ArrayList<>();
        for (StepView s : view.steps()) {
            if (s.outcome() == Outcome.DONE || s.outcome() == Outcome.FAILED) {
                timed.add(s);
            }
        }
        if (timed.isEmpty()) { // everything reused: show when the reused results were computed
            view.steps().stream().filter(s -> s.outcome() == Outcome.CACHED).forEach(timed::add);
            if (!timed.isEmpty()) {
                h.append("<p class=\"note\">No step ran in this run: every result was reused. Drawn: when the runs"
                        + " before it computed them.</p>\n");
            }
        }
        if (timed.size() > MAX_BARS) {
            h.append("<p class=\"note\">").append(timed.size()).append(" steps ran; the ").append(MAX_BARS)
                    .append(" longest are drawn.</p>\n");
            timed.sort(Comparator.comparingDouble((StepView s) -> s.status().durationMs()).reversed());
            timed = timed.subList(0, MAX_BARS);
        }
        List<Bar> bars = new ArrayList<>();
        for (StepView s : timed) {
            StepStatus st = s.status();
            Instant start = Times.instant(st.started());
            Instant end = Times.instant(st.ended());
            if (start != null && end != null) {
                bars.add(new Bar(s, start, end.isBefore(start) ? start : end, st.worker() == null ? "unknown" : st.worker()));
            }
        }
        if (bars.isEmpty()) {
            h.append("<p class=\"note\">No step ran in this run (every step was reused, skipped or not run).</p>\n")
                    .append("</section>\n");
            return;
        }
        Instant t0 = bars.stream().map(Bar::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant t1 = bars.stream().map(Bar::end).max(Comparator.naturalOrder()).orElseThrow();
        double spanMs = Math.max(1, offsetMs(t0, t1));
        Map<String, List<Bar>> lanes = new TreeMap<>(NaturalOrder.INSTANCE);
        bars.forEach(b -> lanes.computeIfAbsent(b.worker(), w -> new ArrayList<>()).add(b));
        int height = lanes.size() * LANE_HEIGHT + 34;
        int width = LABEL_WIDTH + TIMELINE_WIDTH + 20;
        h.append("<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" data-span-ms=\"").append(fmt(spanMs)).append("\">\n");
        int lane = 0;
        for (Map.Entry<String, List<Bar>> e : lanes.entrySet()) {
            int y = lane * LANE_HEIGHT + 4;
            h.append("<g class=\"lane\" data-worker=\"").append(esc(e.getKey())).append("\" data-steps=\"")
                    .append(e.getValue().size()).append("\">\n");
            h.append("<rect class=\"lane-bg\" x=\"0\" y=\"").append(y - 2).append("\" width=\"").append(width)
                    .append("\" height=\"").append(LANE_HEIGHT).append("\"/>\n");
            h.append("<text class=\"lane-label\" x=\"6\" y=\"").append(y + 13).append("\">")
                    .append(esc(clip(e.getKey(), 26))).append("</text>\n");
            for (Bar b : e.getValue()) {
                double x = LABEL_WIDTH + offsetMs(t0, b.start()) / spanMs * TIMELINE_WIDTH;
                double w = Math.max(1.5, offsetMs(b.start(), b.end()) / spanMs * TIMELINE_WIDTH);
                Outcome o = b.step().outcome();
                h.append("<rect class=\"bar o-").append(o.label()).append("\" data-step=\"").append(esc(b.step().name()))
                        .append("\" data-worker=\"").append(esc(b.worker())).append("\" data-outcome=\"")
                        .append(o.label()).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(y)
                        .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(BAR_HEIGHT)
                        .append("\" fill=\"").append(o.colour()).append("\"><title>")
                        .append(esc(b.step().name() + " (" + o.label() + ") on " + b.worker() + ": "
                                + duration(b.step().status().durationMs()) + ", from +"
                                + duration(offsetMs(t0, b.start()))))
                        .append("</title></rect>\n");
            }
            h.append("</g>\n");
            lane++;
        }
        int axisY = lanes.size() * LANE_HEIGHT + 18;
        h.append("<g class=\"axis\">\n<line x1=\"").append(LABEL_WIDTH).append("\" y1=\"").append(axisY - 12)
                .append("\" x2=\"").append(LABEL_WIDTH + TIMELINE_WIDTH).append("\" y2=\"").append(axisY - 12)
                .append("\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double x = LABEL_WIDTH + TIMELINE_WIDTH * i / 4.0;
            h.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(axisY + 2).append("\" text-anchor=\"")
                    .append(i == 0 ? "start" : i == 4 ? "end" : "middle").append("\">")
                    .append(i == 0 ? "0" : "+" + esc(duration(spanMs * i / 4))).append("</text>\n");
        }
        h.append("</g>\n</svg>\n</section>\n");
    }

    private static double offsetMs(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e6;
    }

    private static void dag(StringBuilder h, RunView view) {
        h.append("<section id=\"dag\">\n<h2>DAG by phase</h2>\n");
        List<StepView> steps = view.steps();
        if (steps.size() > MAX_DRAWN_STEPS) {
            h.append("<p class=\"note\">").append(steps.size()).append(" steps: too many to draw; per phase:</p>\n")
                    .append("<table class=\"phases\"><thead><tr><th>phase</th><th>steps</th>");
            for (Outcome o : Outcome.values()) {
                h.append("<th>").append(o.label()).append("</th>");
            }
            h.append("</tr></thead><tbody>\n");
            for (List<StepView> phase : view.phases()) {
                if (phase.isEmpty()) {
                    continue;
                }
                h.append("<tr data-phase=\"").append(phase.get(0).phase()).append("\"><td>").append(phase.get(0).phase())
                        .append("</td><td>").append(phase.size()).append("</td>");
                for (Outcome o : Outcome.values()) {
                    h.append("<td>").append(phase.stream().filter(s -> s.outcome() == o).count()).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n</section>\n");
            return;
        }
        Map<String, double[]> at = layout(view);
        int rows = view.phases().stream().mapToInt(List::size).max().orElse(1);
        int width = view.phases().size() * COLUMN_WIDTH + 20;
        int height = rows * ROW_HEIGHT + 40;
        h.append("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                .append(" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"")
                .append(" fill=\"#666\"/></marker></defs>\n");
        for (StepView s : steps) {
            double[] to = at.get(s.name());
            for (String up : s.upstream()) {
                double[] from = at.get(up);
                if (from == null) {
                    continue;
                }
                double x1 = from[0] + NODE_WIDTH;
                double y1 = from[1] + NODE_HEIGHT / 2.0;
                double x2 = to[0];
                double y2 = to[1] + NODE_HEIGHT / 2.0;
                double mid = (x1 + x2) / 2;
                h.append("<path class=\"edge\" data-from=\"").append(esc(up)).append("\" data-to=\"").append(esc(s.name()))
                        .append("\" d=\"M").append(fmt(x1)).append(',').append(fmt(y1)).append(" C").append(fmt(mid))
                        .append(',').append(fmt(y1)).append(' ').append(fmt(mid)).append(',').append(fmt(y2)).append(' ')
                        .append(fmt(x2)).append(',').append(fmt(y2)).append("\" marker-end=\"url(#arrow)\"/>\n");
            }
        }
        for (List<StepView> phase : view.phases()) {
            if (phase.isEmpty()) {
                continue;
            }
            int index = phase.get(0).phase();
            h.append("<g class=\"phase\" data-phase=\"").append(index).append("\">\n<text class=\"phase-label\" x=\"")
                    .append(10 + index * COLUMN_WIDTH).append("\" y=\"16\">phase ").append(index).append("</text>\n");
            for (StepView s : phase) {
                double[] p = at.get(s.name());
                Outcome o = s.outcome();
                h.append("<g class=\"node o-").append(o.label()).append("\" data-step=\"").append(esc(s.name()))
                        .append("\" data-outcome=\"").append(o.label()).append("\">\n<title>")
                        .append(esc(s.name() + " (" + o.label() + ")")).append("</title>\n<rect x=\"").append(fmt(p[0]))
                        .append("\" y=\"").append(fmt(p[1])).append("\" rx=\"5\" width=\"").append(NODE_WIDTH)
                        .append("\" height=\"").append(NODE_HEIGHT).append("\" fill=\"").append(o.colour())
                        .append("\"/>\n<text x=\"").append(fmt(p[0] + 8)).append("\" y=\"").append(fmt(p[1] + 16))
                        .append("\">").append(esc(clip(s.name(), NODE_LABEL_CHARS))).append("</text>\n</g>\n");
            }
            h.append("</g>\n");
        }
        h.append("</svg>\n<p class=\"legend\">");
        for (Outcome o : Outcome.values()) {
            h.append("<span class=\"badge o-").append(o.label()).append("\">").append(o.label()).append("</span> ");
        }
        h.append("</p>\n</section>\n");
    }

    /**
     * Node positions: one column per phase; within a phase, steps ordered by the mean row of their upstream
     * steps (one barycentre pass, which removes most edge crossings of fan-out/fan-in pipelines).
     */
    private static Map<String, double[]> layout(RunView view) {
        int rows = view.phases().stream().mapToInt(List::size).max().orElse(1);
        Map<String, double[]> at = new HashMap<>();
        Map<String, Integer> row = new HashMap<>();
        for (List<StepView> phase : view.phases()) {
            List<StepView> ordered = new ArrayList<>(phase);
            Map<String, Double> weight = new LinkedHashMap<>();
            for (int i = 0; i < ordered.size(); i++) {
                StepView s = ordered.get(i);
                double sum = 0;
                int n = 0;
                for (String up : s.upstream()) {
                    Integer r = row.get(up);
                    if (r != null) {
                        sum += r;
                        n++;
                    }
                }
                weight.put(s.name(), n == 0 ? i : sum / n);
            }
            ordered.sort(Comparator.comparingDouble(s -> weight.get(s.name())));
            for (int i = 0; i < ordered.size(); i++) {
                StepView s = ordered.get(i);
                row.put(s.name(), i);
                double centred = (rows - ordered.size()) * ROW_HEIGHT / 2.0; // short columns sit mid-height
                at.put(s.name(), new double[] {10 + s.phase() * COLUMN_WIDTH, 28 + centred + i * ROW_HEIGHT});
            }
        }
        return at;
    }

    private static void times(StringBuilder h, RunView view) {
        List<StepStatus> statuses = new ArrayList<>();
        view.steps().forEach(s -> statuses.add(s.status()));
        ExecutionTimes times = ExecutionTimes.of(statuses, ExecutionTimes.PREFIX, "*", ExecutionTimes.Sort.TOTAL, false);
        h.append("<section id=\"times\">\n<h2>Execution times by name group</h2>\n");
        if (times.groups().isEmpty()) {
            h.append("<p class=\"note\">No step has finished yet.</p>\n</section>\n");
            return;
        }
        h.append("<table class=\"sortable\"><thead><tr><th>group</th><th>count</th><th>min</th><th>max</th>")
                .append("<th>mean</th><th>total</th></tr></thead><tbody>\n");
        for (ExecutionTimes.GroupTime g : times.groups()) {
            h.append("<tr data-group=\"").append(esc(g.group())).append("\"><td>").append(esc(g.group())).append("</td>")
                    .append(num(g.count())).append(msCell(g.minMillis())).append(msCell(g.maxMillis()))
                    .append(msCell(g.meanMillis())).append(msCell(g.totalMillis())).append("</tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static void summary(StringBuilder h, RunView view) {
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
            h.append("<tr data-step=\"").append(esc(s.name())).append("\" data-outcome=\"").append(o.label())
                    .append("\"><td><code>").append(esc(s.name())).append("</code></td>").append(num(s.phase()))
                    .append("<td><span class=\"badge o-").append(o.label()).append("\">").append(o.label())
                    .append("</span></td>").append(timed ? msCell(st.durationMs()) : "<td class=\"num\" data-v=\"-1\">-</td>")
                    .append("<td>").append(esc(st.worker() == null ? "-" : st.worker())).append("</td><td>")
                    .append(esc(st.started() == null ? "-" : st.started())).append("</td><td class=\"detail\">")
                    .append(esc(detail(st))).append("</td></tr>\n");
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

    private static String num(long n) {
        return "<td class=\"num\" data-v=\"" + n + "\">" + n + "</td>";
    }

    private static String msCell(double ms) {
        return "<td class=\"num\" data-v=\"" + fmt(ms) + "\">" + esc(duration(ms)) + "</td>";
    }

    /** As the summary table writes it (called for every bar and row: that one is fast). */
    static String duration(double ms) {
        return SummaryTable.duration(ms);
    }

    /** {@code v} rounded to {@code decimals} places, as text. */
    static String fixed(double v, int decimals) {
        long scale = decimals == 0 ? 1 : decimals == 1 ? 10 : 100;
        long r = Math.round(Math.abs(v) * scale);
        String sign = v < 0 && r != 0 ? "-" : "";
        if (decimals == 0) {
            return sign + r;
        }
        String frac = Long.toString(r % scale);
        return sign + (r / scale) + "." + "0".repeat(decimals - frac.length()) + frac;
    }

    /** Two decimals, without String.format (called for every coordinate). */
    private static String fmt(double v) {
        return Double.toString(Math.round(v * 100) / 100.0);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    /** Escapes text for HTML element content and double-quoted attributes alike. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String outcomeCss() {
        StringBuilder css = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            css.append(".badge.o-").append(o.label()).append("{background:").append(o.colour()).append("}\n");
        }
        return css.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px;color:#222}
            h1{font-size:22px;margin:0 0 8px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
            code{font-family:Menlo,Consolas,monospace;font-size:13px}
            dl#run{display:grid;grid-template-columns:max-content auto;gap:2px 14px;margin:8px 0}
            dt{color:#666} dd{margin:0;font-family:Menlo,Consolas,monospace;font-size:13px}
            #counts{list-style:none;padding:0;display:flex;gap:8px;flex-wrap:wrap}
            .badge{display:inline-block;padding:1px 8px;border-radius:9px;color:#000;font-size:12px}
            .note{color:#666;font-style:italic}
            svg text{font-size:12px;font-family:Helvetica,Arial,sans-serif}
            .lane-bg{fill:#fafafa;stroke:#eee} .lane-label{fill:#333}
            .bar{stroke:#333;stroke-width:.5} .axis line{stroke:#999} .axis text{fill:#666;font-size:11px}
            .edge{fill:none;stroke:#888;stroke-width:1.2} .node rect{stroke:#333;stroke-width:.8}
            .phase-label{fill:#666;font-weight:bold}
            table{border-collapse:collapse;margin:4px 0} th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
            th{background:#f4f4f4;cursor:pointer;user-select:none} td.num{text-align:right;font-variant-numeric:tabular-nums}
            td{white-space:nowrap} td.detail{color:#a00;max-width:520px;white-space:normal} footer{margin-top:32px;color:#888;font-size:12px}
            """;

    /** Click a column heading to sort by it (numbers by value). Plain DOM, no library. */
    private static final String SCRIPT = """
            document.querySelectorAll('table.sortable th').forEach(function (th) {
              th.addEventListener('click', function () {
                var col = th.cellIndex;
                var tbody = th.closest('table').tBodies[0];
                var rows = Array.from(tbody.rows);
                var asc = th.dataset.asc !== 'true';
                th.dataset.asc = asc;
                rows.sort(function (a, b) {
                  var x = a.cells[col], y = b.cells[col];
                  var d = (x.dataset.v !== undefined && y.dataset.v !== undefined)
                      ? parseFloat(x.dataset.v) - parseFloat(y.dataset.v)
                      : x.textContent.localeCompare(y.textContent, undefined, {numeric: true});
                  return asc ? d : -d;
                });
                rows.forEach(function (r) { tbody.appendChild(r); });
              });
            });
            document.body.dataset.ready = 'true';
            """;
}
