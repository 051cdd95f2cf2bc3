package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, point 4, on a real server: when the dashboard requires its token (as it does beyond loopback; here
 * switched on explicitly on 127.0.0.1), every request without the right one is refused with 403, whatever it asks
 * for, and the address it gives to print carries the token.
 */
@Timeout(120)
class DashboardTokenTest {

    /** What a page asks for: itself, its files, the JSON answers, the event stream, a result and a log. */
    private static final List<String> TARGETS = List.of("/", "/index.html", "/assets/dashboard.js",
            "/assets/dashboard.css", "/api/pipelines", "/api/snapshot?pipeline=watched", "/api/events?pipeline=watched",
            "/api/step?pipeline=watched&name=broken", "/api/runs?pipeline=watched", "/files/watched/load_3.step",
            "/files/watched/logs/broken.log");

    @TempDir
    Path tmp;
    private final String token = DashboardAccess.newToken();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private DashboardServer server;

    @BeforeEach
    void serveWithAToken() throws Exception {
        WatchedCache run = WatchedCache.run(tmp.resolve("cache"));
        server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Boards.of(run.pendingBoard()), DashboardAccess.withToken(token));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The answer to GET {@code target}, with {@code token} added when not null. */
    private Answer get(String target, String token) throws Exception {
        String withToken = token == null ? target : target + (target.contains("?") ? "&" : "?") + "token=" + token;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + withToken))
                .timeout(Duration.ofSeconds(20)).build();
        HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = answer.body()) {
            // an event stream never ends: its first event is enough
            String text = answer.statusCode() == 200 && target.startsWith("/api/events") ? firstEvent(body)
                    : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(answer.statusCode(), text);
        }
    }

    private static String firstEvent(InputStream stream) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("data: ")) {
                return line;
            }
        }
        return "";
    }

    @Test
    void everyRequestWithoutTheTokenIsRefused() throws Exception {
        for (String target : TARGETS) {
            Answer answer = get(target, null);
            assertEquals(403, answer.status(), target);
            assertTrue(answer.body().contains("needs its token"), target + ": " + answer.body());
            assertFalse(answer.body().contains(token), target + " gave the token away");
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/snapshot"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(403, http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode(), "refused before its method");
    }

    @Test
    void everyRequestWithAWrongTokenIsRefused() throws Exception {
        for (String wrong : List.of(DashboardAccess.newToken(), token.substring(0, token.length() - 1), token + "A")) {
            for (String target : TARGETS) {
                Answer answer = get(target, wrong);
                assertEquals(403, answer.status(), target);
                assertTrue(answer.body().contains("wrong token"), target + ": " + answer.body());
                assertFalse(answer.body().contains(token), target + " gave the token away");
            }
        }
    }

    @Test
    void everyRequestWithTheTokenIsAnswered() throws Exception {
        for (String target : TARGETS) {
            assertEquals(200, get(target, token).status(), target);
        }
        assertTrue(get("/api/events?pipeline=watched", token).body().startsWith("data: {"), "the stream's snapshot");
        assertTrue(get("/api/snapshot?pipeline=watched", token).body().contains("\"pipeline\":\"watched\""));
        assertTrue(get("/files/watched/logs/broken.log", token).body().contains("reading record 40"));
    }

    @Test
    void thePrintedAddressCarriesTheTokenAndThePageHandsItToItsOwnFiles() throws Exception {
        URI printed = server.url();
        assertEquals("token=" + token, printed.getQuery(), printed.toString());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(printed).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("\"/assets/dashboard.js?token=" + token + "\""), page.body());
        assertTrue(page.body().contains("\"/assets/dashboard.css?token=" + token + "\""), page.body());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""),
                "the address, token and all, is not sent on as a referrer");
    }

    /** An answer's status and its body as text (an event stream's up to its first event). */
    private record Answer(int status, String body) {
    }
}
