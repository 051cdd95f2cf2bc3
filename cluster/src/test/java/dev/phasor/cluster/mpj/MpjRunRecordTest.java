package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cli.Cli;
import dev.phasor.exec.ExitCodes;
import dev.phasor.report.HtmlReport;
import dev.phasor.report.RunManifest;
import dev.phasor.report.RunManifests;
import dev.phasor.support.Chromium;
import dev.phasor.testkit.Diamond;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 6, points 6 and 7 on a distributed backend: a real MPJ Express multicore job (3 ranks) through
 * {@code bin/mpjrun.sh}; its manifest, {@code phasor times} and the HTML report (loaded in headless
 * Chromium) all name the ranks that really ran the steps.
 */
@Timeout(240)
class MpjRunRecordTest {

    private static final int JOB_LIMIT_SECONDS = 150;
    private static final int RANKS = 3;

    @TempDir
    Path work;

    @Test
    void manifestTimesAndReportListTheRanksThatRanTheSteps() throws Exception {
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());
        Path cache = work.resolve("cache");
        List<String> options = List.of("-np", Integer.toString(RANKS), "-dev", "multicore", "-timeout",
                Integer.toString(JOB_LIMIT_SECONDS - 30), "-cp", MpjLauncher.testClassPath());
        MpjLauncher.Result job = launcher.start(work, options, List.of(), Diamond.class.getName(), "--cache",
                cache.toString()).await(JOB_LIMIT_SECONDS);
        assertEquals(ExitCodes.OK, job.exitCode(), job::toString);

        CacheReader reader = CacheReader.open(cache, "diamond");
        Map<String, Integer> ranByWorker = new TreeMap<>();
        for (StepStatus s : reader.statuses()) {
            ranByWorker.merge(s.worker(), 1, Integer::sum);
        }
        Set<String> ranks = new TreeSet<>();
        for (int r = 0; r < RANKS; r++) {
            ranks.add("mpj:rank-" + r);
        }
        assertEquals(ranks, ranByWorker.keySet(), "every rank ran steps: " + ranByWorker);

        // the manifest: backend, outcome, counts and the real workers
        RunManifest m = RunManifests.latest(reader.layout());
        assertEquals("mpj", m.backend());
        assertEquals("ok", m.outcome());
        assertEquals(17, m.counts().get("done"));
        assertEquals(17, m.counts().get("total"));
        assertEquals(ranByWorker, new TreeMap<>(m.workers()));
        assertTrue(m.args().contains("--cache") && m.args().contains("mpj"), m.args().toString());

        // phasor times, read cold from the cache: groups of the diamond's names
        CommandLine cl = Cli.commandLine(null);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute("times", "--cache", cache.toString(), "--json", "--sort", "name"));
        JsonNode times = new ObjectMapper().readTree(out.toString());
        Map<String, Integer> counts = new TreeMap<>();
        times.get("groups").forEach(g -> counts.put(g.get("group").asText(), g.get("count").asInt()));
        assertEquals(Map.of("middle_*", 8, "source_*", 8, "total", 1), counts);
        Set<String> timedWorkers = new TreeSet<>();
        times.get("steps").forEach(s -> timedWorkers.add(s.get("worker").asText()));
        assertEquals(ranks, timedWorkers);

        // the HTML report in Chromium: one Gantt lane per rank, each bar in the lane of the rank that ran it
        Path file = HtmlReport.file(reader.layout());
        Document dom = Jsoup.parse(Chromium.require().dumpDom(file, work));
        assertEquals("true", dom.body().attr("data-ready"));
        List<String> lanes = new ArrayList<>();
        dom.select("svg.gantt g.lane").forEach(l -> lanes.add(l.attr("data-worker")));
        assertEquals(List.copyOf(ranks), lanes);
        assertEquals(17, dom.select("svg.gantt rect.bar").size());
        for (Element bar : dom.select("svg.gantt rect.bar")) {
            assertEquals(reader.status(bar.attr("data-step")).worker(), bar.parent().attr("data-worker"));
        }
        assertEquals(17, dom.select("table#summary tbody tr[data-outcome=done]").size());
        assertEquals("mpj (" + m.parallelism() + " at once)", dom.selectFirst("dd[data-fact=backend]").text());
    }
}
