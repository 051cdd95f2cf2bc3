package dev.phasor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.StatusRecord;
import dev.phasor.cache.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** A report of a large run stays readable: the DAG is summarised per phase, the bars and rows are capped. */
class HtmlReportLimitsTest {

    @Test
    void aLargeRunIsSummarisedAndKeepsItsFailuresInTheTable() {
        int n = 12_000;
        List<SchemaDocument.StepEntry> steps = new ArrayList<>();
        List<StepStatus> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(new SchemaDocument.StepEntry("w" + i, "java", "c", "d", "", Map.of(), Map.of(), List.of(), List.of(),
                    "k" + i, List.of(), Map.of()));
            boolean failed = i % 1000 == 7;
            statuses.add(new StatusRecord("w" + i, 0, failed ? 1 : 0, failed ? "failed" : "done", "k" + i, "ran",
                    "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", i % 50, "local:thread-" + (i % 2), "h", 1,
                    failed ? "java.lang.IllegalStateException" : null, failed ? "no" : null, null, null, null, 0).toStatus());
        }
        SchemaDocument schema = new SchemaDocument(1, "wide", "d", new SchemaDocument.CodecInfo("kryo", "f", List.of()),
                List.of(new SchemaDocument.PhaseEntry(0, steps)));
        Document dom = Jsoup.parse(HtmlReport.render(RunView.of(schema, statuses, null)));

        assertEquals(0, dom.select("svg.graph").size(), "too many steps to draw");
        assertEquals(String.valueOf(n), dom.selectFirst("table.phases tr[data-phase=0] td:eq(1)").text());
        assertEquals(TimelineSvg.MAX_BARS, dom.select("svg.gantt rect.bar").size());
        assertEquals(StepTable.MAX_ROWS, dom.select("table#summary tbody tr").size());
        assertEquals(12, dom.select("table#summary tbody tr[data-outcome=failed]").size(), "every failure is listed");
        assertTrue(dom.selectFirst("#steps p.note").text().startsWith(n + " steps: showing " + StepTable.MAX_ROWS));
        assertEquals(String.valueOf(n - 12), dom.selectFirst("#counts li[data-outcome=done]").attr("data-count"));
    }

    @Test
    void aFullyReusedRunDrawsWhenItsResultsWereComputed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        dev.phasor.Phasor.runner().cache(tmp).run(dev.phasor.testkit.Trio.class);
        dev.phasor.Phasor.runner().cache(tmp).run(dev.phasor.testkit.Trio.class);
        dev.phasor.cache.CacheLayout layout = new dev.phasor.cache.CacheLayout(tmp.toAbsolutePath(), "trio");
        Document dom = Jsoup.parse(java.nio.file.Files.readString(HtmlReport.file(layout)));
        int steps = dom.select("table#summary tbody tr").size();
        assertEquals(steps, dom.select("table#summary tbody tr[data-outcome=cached]").size());
        assertEquals(steps, dom.select("svg.gantt rect.bar[data-outcome=cached]").size());
        assertTrue(dom.selectFirst("#timeline p.note").text().startsWith("No step ran in this run"));
        assertEquals(Map.of(), RunManifests.latest(layout).workers());
    }

    @Test
    void theStyleAndScriptResourcesAreInlinedSoTheReportNeedsNothingElse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        dev.phasor.Phasor.runner().cache(tmp).run(dev.phasor.testkit.Trio.class);
        Document dom = Jsoup.parse(java.nio.file.Files.readString(
                HtmlReport.file(new dev.phasor.cache.CacheLayout(tmp.toAbsolutePath(), "trio"))));

        String css = new String(HtmlReport.class.getResourceAsStream("static/report.css").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String js = new String(HtmlReport.class.getResourceAsStream("static/report.js").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(dom.selectFirst("head style").data().contains(css.strip()), "report.css inlined");
        assertTrue(dom.selectFirst("body script").data().strip().equals(js.strip()), "report.js inlined");
        assertEquals(0, dom.select("link, script[src], img[src]").size(), "nothing loaded from elsewhere");
    }
}
