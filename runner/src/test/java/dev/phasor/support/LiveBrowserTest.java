package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LiveBrowser#open} returns only once the window shows the page asked for, even when its answer is slow
 * (a loaded machine): what a test then sets in the window stays, rather than vanishing with the blank document
 * Chromium starts with. This is what once failed {@code LocalDashboardChromiumTest}, as if the page had reloaded.
 */
@Timeout(120)
class LiveBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void whatATestSetsRightAfterOpeningASlowPageStaysInItsDocument() throws Exception {
        Chromium chromium = Chromium.require();
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        slow.createContext("/", ex -> {
            try (ex) {
                Thread.sleep(2000);
                byte[] page = "<!DOCTYPE html><title>slow</title><p>loaded</p>".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        slow.start();
        try (LiveBrowser page = LiveBrowser.open(chromium, URI.create("http://127.0.0.1:" + slow.getAddress().getPort()
                + "/"), tmp, 800, 600)) {
            page.eval("window.mark = 'set'");
            assertEquals("slow", page.eval("document.title").asText(), "the page's own document, not a blank one");
            assertEquals("set", page.eval("window.mark").asText());
        } finally {
            slow.stop(0);
        }
    }
}
