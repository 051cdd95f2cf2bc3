package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.support.Chromium;
import dev.phasor.support.DashboardPage;
import dev.phasor.support.LiveBrowser;
import dev.phasor.support.LiveRun;
import dev.phasor.testkit.Watched;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 on Hazelcast: two {@code phasor worker} JVMs and a coordinator JVM started as a user would, with
 * {@code --dashboard=0}; the coordinator serves the page, and headless Chromium sees steps change state on it
 * while the run goes on, a lane per member in the task stream, and the failed step's error and log tail.
 */
class HazelcastDashboardChromiumTest {

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
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theCoordinatorServesALivePageOfTheRun() throws Exception {
        Chromium chromium = Chromium.require();
        cluster = new WorkerProcesses(tmp);
        Map<String, String> props = Map.of("phasor.test.sleepMs", "1500");
        List<WorkerProcesses.Worker> workers = List.of(cluster.start(props, 1, false), cluster.start(props, 1, false));
        cluster.awaitReady(workers, 2, Duration.ofSeconds(120));

        Path cache = tmp.resolve("cache");
        Path log = tmp.resolve("coordinator.log");
        Process coordinator = cluster.startCoordinator(props, Watched.class.getName(), cache, log,
                List.of("--progress", "plain", "--dashboard=0"));
        URI url = LiveRun.awaitUrl(() -> WorkerProcesses.read(log), 120, () -> WorkerProcesses.read(log));
        try (LiveBrowser page = LiveBrowser.open(chromium, url, tmp, 1280, 1200)) {
            DashboardPage dash = new DashboardPage(page, Duration.ofSeconds(120));
            dash.seesStepWaitThenFinish("square_5");
            dash.await(DashboardPage.cell("total") + " === 'done'", "total done");
            Set<String> members = workers.stream().map(WorkerProcesses.Worker::name).collect(Collectors.toSet());
            assertEquals(new TreeSet<>(members), new TreeSet<>(dash.lanes()), "a lane per member");
            dash.showsFailure("broken", "java.lang.IllegalStateException: " + Watched.MESSAGE,
                    "reading record " + Watched.LOG_LINES);
        }
        assertTrue(coordinator.waitFor(120, TimeUnit.SECONDS), () -> "coordinator did not end:\n" + WorkerProcesses.read(log));
        assertEquals(1, coordinator.exitValue(), () -> WorkerProcesses.read(log));
    }
}
