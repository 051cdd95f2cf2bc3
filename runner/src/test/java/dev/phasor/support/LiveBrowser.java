package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page kept open in headless Chromium and driven through the Chrome DevTools Protocol (over the JDK's own
 * WebSocket client): for pages that change while a test watches them, where {@link Chromium#dumpDom} sees
 * only one moment. Chromium listens on a free port of 127.0.0.1 (it writes the port to its profile's
 * {@code DevToolsActivePort}) and is stopped by PID, its child processes too.
 */
public final class LiveBrowser implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_LIMIT_MS = 60_000;
    private static final long CALL_LIMIT_MS = 30_000;

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

    private LiveBrowser(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /**
     * Opens {@code page} in a {@code width}x{@code height} window; returns once the window shows that page's own
     * document (parsed, perhaps not drawn yet).
     */
    public static LiveBrowser open(Chromium chromium, URI page, Path work, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory(work, "chromium-live");
        List<String> command = new ArrayList<>(List.of(chromium.binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=" + width + "," + height, "--hide-scrollbars", page.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(work, "chromium-live", ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.currentTimeMillis() + START_LIMIT_MS;
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    fail("chromium (pid " + p.pid() + ") did not open its DevTools port within " + START_LIMIT_MS + " ms");
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String wsUrl = null;
            while (wsUrl == null) {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) {
                        wsUrl = t.get("webSocketDebuggerUrl").asText();
                    }
                }
                if (wsUrl == null) {
                    if (System.currentTimeMillis() > deadline) {
                        fail("chromium opened no page");
                    }
                    Thread.sleep(50);
                }
            }
            LiveBrowser[] self = new LiveBrowser[1];
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        self[0].answer(text.toString());
                        text.setLength(0);
                    }
                    w.request(1);
                    return null;
                }
            }).get(CALL_LIMIT_MS, TimeUnit.MILLISECONDS);
            self[0] = new LiveBrowser(p, ws);
            self[0].awaitDocument(page);
            return self[0];
        } catch (Exception | AssertionError e) {
            stop(p);
            throw e;
        }
    }

    /**
     * Chromium lists its page while the window still shows the blank document it starts with, before the page's
     * own answer arrives (late on a loaded machine): whatever a test set in the window meanwhile would vanish when
     * the page's document replaces the blank one, as if the page had reloaded itself.
     */
    private void awaitDocument(URI page) throws Exception {
        String js = "location.href === new URL(" + JSON.writeValueAsString(page.toString()) + ").href"
                + " && document.readyState !== 'loading'";
        if (!waitFor(js, Duration.ofMillis(START_LIMIT_MS))) {
            fail("chromium did not show " + page + " within " + START_LIMIT_MS + " ms; it shows "
                    + eval("location.href"));
        }
    }

    private void answer(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = answers.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            }
        } catch (java.io.IOException e) {
            // not JSON: not an answer
        }
    }

    /** The whole answer to {@code method}: its {@code result}, or its {@code error}. */
    private JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(CALL_LIMIT_MS, TimeUnit.MILLISECONDS);
        return answer.get(CALL_LIMIT_MS, TimeUnit.MILLISECONDS);
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        JsonNode m = send(method, params);
        if (m.has("error")) {
            fail(method + " failed: " + m.get("error"));
        }
        return m.get("result");
    }

    /** The value of the JavaScript expression {@code js} in the page (as JSON; null when undefined). */
    public JsonNode eval(String js) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", js, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            fail("the page threw on " + js + ": " + r.get("exceptionDetails"));
        }
        return r.get("result").get("value");
    }

    /**
     * Whether {@code js} is true in the page now; false while it throws (the page is still loading) or while the
     * window is between two documents (Chromium then has no context to evaluate it in).
     */
    private boolean isTrue(String js) throws Exception {
        JsonNode m = send("Runtime.evaluate", Map.of("expression", "(() => { try { return (" + js + "); } catch (e) {"
                + " return false; } })()", "returnByValue", true, "awaitPromise", true));
        if (m.has("error")) {
            if (m.get("error").path("message").asText().toLowerCase(java.util.Locale.ROOT).contains("context")) {
                return false; // "Cannot find default execution context", "Execution context was destroyed."
            }
            fail("Runtime.evaluate failed: " + m.get("error"));
        }
        return m.path("result").path("result").path("value").asBoolean(false);
    }

    /**
     * Waits until {@code js} is true in the page; false when {@code limit} passed first. An expression that throws
     * (the page is still loading), or a window between two documents, counts as false.
     */
    public boolean waitFor(String js, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (isTrue(js)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Loads {@code page} in the window, as typing its address would. */
    public void navigate(URI page) throws Exception {
        call("Page.navigate", Map.of("url", page.toString()));
    }

    /** Saves what the window shows as a PNG. */
    public void screenshot(Path png) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(png, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
    }

    private static void stop(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
