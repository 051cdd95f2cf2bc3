package dev.phasor.report;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheMode;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTML run report: one self-contained file (nothing loaded from the network) with the run's facts, a
 * timeline of the steps each worker ran ({@link TimelineSvg}), the DAG coloured by status ({@link DagSvg}),
 * execution times by name group and the step table ({@link StepTable}). Its style and its few lines of
 * script (table sorting) are resources, {@code static/report.css} and {@code static/report.js}, inlined
 * into every report.
 */
public final class HtmlReport {

    private static final String CSS = asset("static/report.css");
    private static final String SCRIPT = asset("static/report.js");

    private HtmlReport() {
    }

    /** Where a pipeline's report goes: {@code <cache>/<pipeline>/report.html}. */
    public static Path file(CacheLayout layout) {
        return layout.dir().resolve("report.html");
    }

    /** Writes the report of {@code view} to {@code file} atomically, the file created with {@code mode}. */
    public static void write(RunView view, Path file, CacheMode mode) throws IOException {
        StatusFiles.writeAtomically(file, render(view).getBytes(StandardCharsets.UTF_8), mode);
    }

    /** The report of {@code view} as one HTML document. */
    public static String render(RunView view) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"generator\" content=\"Phasor ").append(Html.esc(PhasorVersion.get())).append("\">\n")
                .append("<title>Phasor run report: ").append(Html.esc(view.pipeline())).append("</title>\n<style>\n")
                .append(CSS).append(outcomeCss()).append("</style>\n</head>\n<body>\n");
        header(h, view);
        TimelineSvg.render(h, view);
        DagSvg.render(h, view);
        times(h, view);
        StepTable.render(h, view);
        h.append("<footer>Written by Phasor ").append(Html.esc(PhasorVersion.get())).append(" at ")
                .append(Html.esc(Instant.now().toString())).append(". Self-contained: no network needed.</footer>\n")
                .append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, RunView view) {
        h.append("<header>\n<h1>Pipeline <code>").append(Html.esc(view.pipeline())).append("</code></h1>\n");
        RunManifest m = view.manifest();
        if (m != null) {
            h.append("<dl id=\"run\">\n");
            fact(h, "outcome", m.outcome());
            fact(h, "run", m.runId());
            fact(h, "backend", m.backend() + " (" + m.parallelism() + " at once)");
            fact(h, "started", m.startedAt());
            fact(h, "wall time", Html.duration(m.wallMillis()));
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
        h.append("<dt>").append(Html.esc(name)).append("</dt><dd data-fact=\"").append(Html.esc(name)).append("\">")
                .append(Html.esc(value == null ? "-" : value)).append("</dd>\n");
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
            h.append("<tr data-group=\"").append(Html.esc(g.group())).append("\"><td>").append(Html.esc(g.group())).append("</td>")
                    .append(Html.num(g.count())).append(Html.msCell(g.minMillis())).append(Html.msCell(g.maxMillis()))
                    .append(Html.msCell(g.meanMillis())).append(Html.msCell(g.totalMillis())).append("</tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static String outcomeCss() {
        StringBuilder css = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            css.append(".badge.o-").append(o.label()).append("{background:").append(o.colour()).append("}\n");
        }
        return css.toString();
    }

    /** A static asset of the report, from this package's resources. */
    private static String asset(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report asset " + name + " missing from Phasor's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
