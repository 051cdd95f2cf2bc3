package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.support.Chromium;
import dev.phasor.support.DashboardPage;
import dev.phasor.support.LiveBrowser;
import dev.phasor.support.LiveRun;
import dev.phasor.testkit.Watched;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 on the local backend: {@code phasor run --dashboard} serves a page that headless Chromium keeps
 * open while the run goes on; steps change state on it without a reload, the failed step shows its error
 * and the end of its log, and a step's detail previews its value and links to its result file. A
 * screenshot is kept in {@code target/dashboard-screenshots/}. Phase 1 waits for the test's gate, so that on a
 * slow machine the run cannot get ahead of what the test looks at, nor end (closing its dashboard) before.
 */
@Timeout(300)
class LocalDashboardChromiumTest {

    @TempDir
    Path tmp;

    @Test
    void stepsChangeStateLiveAndTheFailedStepShowsItsErrorAndLogTail() throws Exception {
        Chromium chromium = Chromium.require();
        Path cache = tmp.resolve("cache");
        Path gate = tmp.resolve("gate");
        System.setProperty("phasor.test.sleepMs", "700");
        System.setProperty(Watched.GATE, gate.toString());
        LiveRun run = LiveRun.start("run", Watched.class.getName(), "--cache", cache.toString(), "--threads", "2",
                "--progress", "plain", "--dashboard=0");
        URI url = run.url(60);
        assertEquals("127.0.0.1", url.getHost(), "the dashboard listens on loopback by default");
        try (LiveBrowser page = LiveBrowser.open(chromium, url, tmp, 1280, 1400)) {
            DashboardPage dash = new DashboardPage(page, Duration.ofSeconds(60));
            dash.markDocument();
            dash.await("document.querySelector('[data-count=running] b')?.textContent > 0", "the counts show running steps");
            Path screenshots = Path.of("target", "dashboard-screenshots");
            Files.createDirectories(screenshots);
            page.screenshot(screenshots.resolve("local-run-live.png"));
            // a step of phase 1 is first waiting (and phase 0's load_3 done by then), then done: no reload
            dash.await("document.body.dataset.live === 'true' && ['pending', 'running'].includes("
                    + DashboardPage.cell("square_5") + ") && " + DashboardPage.cell("load_3") + " === 'done'",
                    "load_3 done while square_5 waits");

            // while the run goes on, a step's detail: why it ran, its value previewed, its result file downloadable
            page.eval("document.querySelector('.cell[data-step=load_3]').click()");
            dash.await("document.querySelector('#detail pre.preview')?.textContent === '9'", "load_3's value previewed");
            String why = page.eval("document.querySelector('#detail').textContent").asText();
            assertTrue(why.contains("ran: the cache held no valid result"), why);
            URI href = URI.create(page.eval("document.querySelector('#detail a.download').href").asText());
            assertEquals("/files/watched/load_3.step", href.getPath());
            byte[] downloaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(href).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            assertArrayEquals(Files.readAllBytes(CacheReader.open(cache, "watched").layout().resultFile("load_3")),
                    downloaded);

            Files.writeString(gate, "seen"); // phase 1 goes on
            dash.await(DashboardPage.cell("square_5") + " === 'done'", "square_5 turns done on the page");
            dash.assertSameDocument("while the run went on: updates come without one");
            dash.await(DashboardPage.cell("total") + " === 'done'", "total done");
            assertTrue(Integer.parseInt(page.eval("document.body.dataset.updates").asText()) > 3,
                    "several snapshots were drawn");

            // the failed step: its error as text (the message's markup is not markup) and the end of its log
            assertEquals("failed", page.eval(DashboardPage.cell("broken")).asText());
            assertEquals("skipped", page.eval(DashboardPage.cell("after_broken")).asText());
            dash.showsFailure("broken", "java.lang.IllegalStateException: " + Watched.MESSAGE,
                    "reading record " + Watched.LOG_LINES);
            assertEquals(0, page.eval("document.querySelectorAll('.failure b').length").asInt());
            String log = page.eval("document.querySelector('.failure[data-step=broken] pre.log').textContent").asText();
            assertFalse(log.contains("reading record 1\n"), "only the tail of the log: " + log);
            assertTrue(page.eval("document.querySelector('.failure[data-step=broken]').textContent").asText()
                    .contains("1 attempt"));
            page.screenshot(screenshots.resolve("local-run.png"));
            assertEquals(1, run.await(60), run::toString);
            dash.await("document.body.dataset.live === 'false'", "the page shows the run's end");
        } finally {
            Files.writeString(gate, "done");
            System.clearProperty(Watched.GATE);
            System.clearProperty("phasor.test.sleepMs");
        }
        run.await(60);
    }

    @Test
    void theDashboardClosesWhenTheRunIsOver() throws Exception {
        Path cache = tmp.resolve("cache");
        System.setProperty("phasor.test.sleepMs", "1");
        try {
            LiveRun run = LiveRun.start("run", Watched.class.getName(), "--cache", cache.toString(), "-q",
                    "--dashboard=0");
            URI url = run.url(60);
            assertEquals(1, run.await(60), run::toString);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Exception refused = null;
            try {
                http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                refused = e;
            }
            assertTrue(refused != null, "the dashboard is closed once the run is over");
        } finally {
            System.clearProperty("phasor.test.sleepMs");
        }
    }
}
