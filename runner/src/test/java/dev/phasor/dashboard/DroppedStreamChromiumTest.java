package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.support.Chromium;
import dev.phasor.support.DashboardPage;
import dev.phasor.support.LiveBrowser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's event stream drops (a network blip) or is refused for a while (a proxy whose upstream restarts): the
 * page opens it again and carries on in the same document, missing nothing that changed meanwhile. Served with a
 * token, so the reopened streams carry it too.
 */
@Timeout(180)
class DroppedStreamChromiumTest {

    @TempDir
    Path tmp;

    @Test
    void aDroppedOrRefusedStreamIsOpenedAgainWithoutReloadingThePage() throws Exception {
        Chromium chromium = Chromium.require();
        WatchedCache run = WatchedCache.run(tmp.resolve("cache"));
        StepBoard board = run.pendingBoard();
        WatchedCache.finish(board, "load_1");
        WatchedCache.finish(board, "load_2");
        try (DashboardServer server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Boards.of(board), DashboardAccess.withToken(DashboardAccess.newToken()));
                LiveBrowser page = LiveBrowser.open(chromium, server.url(), tmp, 1280, 1200)) {
            DashboardPage dash = new DashboardPage(page, Duration.ofSeconds(60));
            dash.markDocument();
            page.eval("document.querySelector('.cell[data-step=load_1]').click()");
            dash.await("document.querySelector('#detail pre.preview')?.textContent === '1'", "load_1's detail shown");
            dash.await("document.body.dataset.streams === '1'", "one stream open");

            server.dropStreams(0); // the browser opens it again by itself
            WatchedCache.finish(board, "square_1"); // while the stream is away
            dash.await("document.body.dataset.streams === '2'", "the dropped stream opened again");
            dash.await(DashboardPage.cell("square_1") + " === 'done'", "what changed meanwhile shows");

            server.dropStreams(1); // the browser's next try is answered 503: it gives up, the page tries again
            dash.await("document.body.dataset.streams === '3'", "the refused stream opened again by the page");
            WatchedCache.finish(board, "square_2");
            dash.await(DashboardPage.cell("square_2") + " === 'done'", "later changes show");

            dash.assertSameDocument("when its stream dropped");
            assertEquals("load_1", page.eval("document.querySelector('#detail-name').textContent").asText(),
                    "the chosen step's detail stays");
        }
    }
}
