package dev.phasor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cli.Cli;
import dev.phasor.support.Chromium;
import dev.phasor.testkit.Timed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 6, point 7: the HTML report a run writes, loaded in headless Chromium; the checks read the DOM the
 * browser built (after its script ran), and a screenshot is kept in {@code target/report-screenshots/}.
 */
@Timeout(300)
class HtmlReportChromiumTest {

    @TempDir
    Path tmp;

    private static int phasor(String... args) {
        CommandLine cl = Cli.commandLine(null);
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void theReportShowsStepRowsGanttBarsPerWorkerAndTheFailedStepAsFailed() throws Exception {
        Chromium chromium = Chromium.require();
        Path cache = tmp.resolve("cache");
        assertEquals(1, phasor("run", Timed.class.getName(), "--cache", cache.toString(), "--threads", "2", "-q"));
        CacheReader reader = CacheReader.open(cache, "timed");
        Path file = HtmlReport.file(reader.layout());
        assertTrue(Files.isRegularFile(file), "every run writes " + file);
        String source = Files.readString(file);
        assertFalse(source.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing is loaded from the network");

        Document dom = Jsoup.parse(chromium.dumpDom(file, tmp));
        assertEquals("true", dom.body().attr("data-ready"), "the report's script ran without error");
        assertEquals("Phasor run report: timed", dom.title(), "the failure message must not run as script");

        // summary table: one row per step with its outcome; the failure message shown as text
        List<StepStatus> statuses = reader.statuses();
        for (StepStatus s : statuses) {
            Element row = dom.selectFirst("table#summary tr[data-step=" + s.step() + "]");
            assertTrue(row != null, "no row for " + s.step());
            assertEquals(s.state().word(), row.attr("data-outcome"), s.step());
        }
        Element broken = dom.selectFirst("table#summary tr[data-step=broken]");
        assertEquals("java.lang.IllegalStateException: " + Timed.MESSAGE, broken.selectFirst("td.detail").text());
        assertTrue(dom.select("table#summary b").isEmpty(), "markup in a message stays text");
        assertEquals("failed", broken.selectFirst("span.badge").text());

        // Gantt: a lane per worker that ran steps, each bar in the lane of the worker its status names
        Set<String> workers = new HashSet<>();
        statuses.stream().filter(s -> "ran".equals(s.run()) && s.status() <= 1).forEach(s -> workers.add(s.worker()));
        Set<String> lanes = new HashSet<>();
        dom.select("svg.gantt g.lane").forEach(l -> lanes.add(l.attr("data-worker")));
        assertEquals(workers, lanes);
        assertEquals(5, dom.select("svg.gantt rect.bar").size(), "samples, merge and broken ran; after_broken did not");
        for (Element bar : dom.select("svg.gantt rect.bar")) {
            String step = bar.attr("data-step");
            assertEquals(reader.status(step).worker(), bar.parent().attr("data-worker"), step);
            assertTrue(Double.parseDouble(bar.attr("width")) > 0, step);
        }
        Element failedBar = dom.selectFirst("svg.gantt rect.bar[data-step=broken]");
        assertEquals(Outcome.FAILED.colour(), failedBar.attr("fill"));
        assertTrue(failedBar.hasClass("o-failed"));
        // bars are placed in time: sample_3 (180 ms) is wider than sample_1 (60 ms)
        assertTrue(width(dom, "sample_3") > width(dom, "sample_1"), "widths follow durations");

        // DAG: nodes by phase, coloured by outcome, edges to merge from every sample
        assertEquals(Outcome.FAILED.colour(), dom.selectFirst("svg.graph g.node[data-step=broken] rect").attr("fill"));
        assertEquals(Outcome.SKIPPED.colour(),
                dom.selectFirst("svg.graph g.node[data-step=after_broken] rect").attr("fill"));
        assertEquals(Outcome.DONE.colour(), dom.selectFirst("svg.graph g.node[data-step=merge] rect").attr("fill"));
        assertEquals("1", dom.selectFirst("svg.graph g.node[data-step=merge]").parent().attr("data-phase"));
        assertEquals(3, dom.select("svg.graph path.edge[data-to=merge]").size());
        assertEquals("failed", dom.selectFirst("dd[data-fact=outcome]").text());
        assertEquals("1", dom.selectFirst("#counts li[data-outcome=failed]").attr("data-count"));

        Path shots = Files.createDirectories(Path.of("target", "report-screenshots"));
        Path png = shots.resolve("timed-report.png");
        chromium.screenshot(file, png, 1280, 1400, tmp);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
                "a real screenshot: " + bytes.length + " bytes");
    }

    @Test
    void phasorReportRewritesTheReportFromTheCacheAlone() throws Exception {
        Chromium chromium = Chromium.require();
        Path cache = tmp.resolve("cache");
        assertEquals(1, phasor("run", Timed.class.getName(), "--cache", cache.toString(), "-q"));
        CacheLayout layout = CacheReader.open(cache, "timed").layout();
        Files.delete(HtmlReport.file(layout));
        Path elsewhere = tmp.resolve("copy.html");
        assertEquals(0, phasor("report", "--cache", cache.toString()));
        assertEquals(0, phasor("report", "--cache", cache.toString(), "-o", elsewhere.toString()));
        for (Path f : new Path[] {HtmlReport.file(layout), elsewhere}) {
            Document dom = Jsoup.parse(chromium.dumpDom(f, tmp));
            assertEquals(6, dom.select("table#summary tbody tr").size(), f.toString());
            assertEquals(RunManifests.latest(layout).runId(), dom.selectFirst("dd[data-fact=run]").text());
            assertEquals("failed", dom.selectFirst("table#summary tr[data-step=broken]").attr("data-outcome"));
        }
    }

    private static double width(Document dom, String step) {
        return Double.parseDouble(dom.selectFirst("svg.gantt rect.bar[data-step=" + step + "]").attr("width"));
    }
}
