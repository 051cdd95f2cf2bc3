package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.report.HtmlReport;
import dev.phasor.report.RunManifest;
import dev.phasor.report.RunManifests;
import dev.phasor.testkit.Diamond;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, points 6 and 7 on Hazelcast: two real {@code phasor worker} JVMs and a coordinator JVM started
 * as a user would ({@code phasor run --backend hazelcast}); the manifest and the HTML report name the
 * members that ran the steps, as the status files do.
 */
class HazelcastRunRecordTest {

    @TempDir
    Path tmp;

    private WorkerProcesses cluster;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void manifestAndReportNameTheMembersThatRanTheSteps() throws Exception {
        cluster = new WorkerProcesses(tmp);
        Map<String, String> props = Map.of("phasor.test.width", "8");
        List<WorkerProcesses.Worker> workers = List.of(cluster.start(props, 2, false), cluster.start(props, 2, false));
        cluster.awaitReady(workers, 2, Duration.ofSeconds(90));

        Path cache = tmp.resolve("cache");
        Path log = tmp.resolve("coordinator.log");
        Process coordinator = cluster.startCoordinator(props, Diamond.class.getName(), cache, log);
        assertTrue(coordinator.waitFor(120, TimeUnit.SECONDS), () -> "coordinator did not end:\n" + WorkerProcesses.read(log));
        assertEquals(0, coordinator.exitValue(), () -> WorkerProcesses.read(log));

        CacheReader reader = CacheReader.open(cache, "diamond");
        Map<String, Integer> ran = new TreeMap<>();
        for (StepStatus s : reader.statuses()) {
            ran.merge(s.worker(), 1, Integer::sum);
        }
        Set<String> names = workers.stream().map(WorkerProcesses.Worker::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(ran.keySet()), "steps ran on the workers " + names + ": " + ran);

        RunManifest m = RunManifests.latest(reader.layout());
        assertEquals("hazelcast", m.backend());
        assertEquals("ok", m.outcome());
        assertEquals(17, m.counts().get("done"));
        assertEquals(ran, new TreeMap<>(m.workers()));

        Document dom = Jsoup.parse(Files.readString(HtmlReport.file(reader.layout())));
        Set<String> lanes = new TreeSet<>();
        dom.select("svg.gantt g.lane").forEach(l -> lanes.add(l.attr("data-worker")));
        assertEquals(ran.keySet(), lanes);
        assertEquals(17, dom.select("svg.gantt rect.bar").size());
        dom.select("svg.gantt rect.bar").forEach(bar -> assertEquals(reader.status(bar.attr("data-step")).worker(),
                bar.parent().attr("data-worker")));
    }
}
