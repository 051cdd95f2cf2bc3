package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.support.Chromium;
import dev.phasor.support.DashboardPage;
import dev.phasor.support.LiveBrowser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Issue 20, point 4, in headless Chromium: the page opened at the address a token-requiring dashboard prints works
 * as on loopback, because every request it makes carries the token: its own files, the event stream, a step's
 * detail, the runs, a download.
 */
@Timeout(180)
class TokenDashboardChromiumTest {

    @TempDir
    Path tmp;

    @Test
    void thePageCarriesItsTokenOnEveryRequestItMakes() throws Exception {
        Chromium chromium = Chromium.require();
        WatchedCache run = WatchedCache.run(tmp.resolve("cache"));
        StepBoard board = run.pendingBoard();
        for (String step : new String[] {"load_0", "load_1", "load_2", "load_3", "load_4", "load_5", "broken"}) {
            WatchedCache.finish(board, step);
        }
        String token = DashboardAccess.newToken();
        try (DashboardServer server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Boards.of(board), DashboardAccess.withToken(token));
                LiveBrowser page = LiveBrowser.open(chromium, server.url(), tmp, 1280, 1200)) {
            DashboardPage dash = new DashboardPage(page, Duration.ofSeconds(60));
            dash.markDocument(); // drawn from the event stream
            assertTrue(page.eval("document.styleSheets[0].cssRules.length > 0").asBoolean(), "the style sheet loaded");

            WatchedCache.finish(board, "square_3");
            dash.await(DashboardPage.cell("square_3") + " === 'done'", "the stream carries on");
            dash.showsFailure("broken", "java.lang.IllegalStateException: " + dev.phasor.testkit.Watched.MESSAGE,
                    "reading record " + dev.phasor.testkit.Watched.LOG_LINES);
            dash.await("document.querySelectorAll('#runs tr[data-run]').length === 1", "the runs are listed");

            page.eval("document.querySelector('.cell[data-step=load_3]').click()");
            dash.await("document.querySelector('#detail pre.preview')?.textContent === '9'", "load_3's detail");
            URI href = URI.create(page.eval("document.querySelector('#detail a.download').href").asText());
            assertEquals("/files/watched/load_3.step", href.getPath());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(href).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode(), href.toString());
            assertArrayEquals(Files.readAllBytes(run.layout().resultFile("load_3")), download.body());
            URI bare = href.resolve(href.getPath());
            assertEquals(403, http.send(HttpRequest.newBuilder(bare).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode(), "the link works by its token: " + bare);
            dash.assertSameDocument("while it was used");
        }
    }
}
