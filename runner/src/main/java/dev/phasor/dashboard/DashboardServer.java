package dev.phasor.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.phasor.cache.CacheLayout;
import dev.phasor.internal.Json;
import dev.phasor.report.RunManifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP server: the JDK's own {@code com.sun.net.httpserver} (no dependency), serving the page
 * (resources under {@code dev/phasor/dashboard/}), JSON snapshots, a server-sent event stream of them, step
 * details, run manifests and downloads of files inside a pipeline's cache directory. It only reads: GET and
 * HEAD; anything else is refused. When its {@link DashboardAccess} requires a token, a request without the right
 * one, whatever it asks for, is refused (403) before anything else is looked at.
 */
public final class DashboardServer implements AutoCloseable {

    /** The page's files; nothing else is served from the class path. */
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html",
            "/assets/dashboard.css", "dashboard.css", "/assets/dashboard.js", "dashboard.js");
    /** How often an event stream looks for a new snapshot. */
    static final long STREAM_PERIOD_MS = 300;
    /** A comment line keeps an idle stream (and its proxies) open. */
    private static final long HEARTBEAT_MS = 10_000;

    private final HttpServer server;
    private final ExecutorService threads;
    private final Boards boards;
    private final DashboardAccess access;
    /** Bumped by {@link #dropStreams} to end the event streams open at that moment. */
    private final AtomicInteger streamGeneration = new AtomicInteger();
    /** How many of the next event-stream requests {@link #dropStreams} asked to refuse; never negative. */
    private final AtomicInteger streamsToRefuse = new AtomicInteger();
    private volatile boolean closed;

    private DashboardServer(HttpServer server, ExecutorService threads, Boards boards, DashboardAccess access) {
        this.server = server;
        this.threads = threads;
        this.boards = boards;
        this.access = access;
    }

    /**
     * Starts serving {@code boards} on {@code address} (port 0: any free port), with the access its address calls
     * for ({@link DashboardAccess#forAddress}): a token beyond loopback.
     *
     * @throws IOException when the address cannot be bound (the port is taken, the address is not this host's)
     */
    public static DashboardServer start(InetSocketAddress address, Boards boards) throws IOException {
        return start(address, boards, DashboardAccess.forAddress(address.getAddress()));
    }

    /**
     * Starts serving {@code boards} on {@code address} (port 0: any free port) to the requests {@code access}
     * lets in.
     *
     * @throws IOException when the address cannot be bound (the port is taken, the address is not this host's)
     */
    public static DashboardServer start(InetSocketAddress address, Boards boards, DashboardAccess access)
            throws IOException {
        HttpServer server = HttpServer.create(address, 50);
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "phasor-dashboard-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        DashboardServer d = new DashboardServer(server, threads, boards, access);
        server.createContext("/", d::handle);
        server.setExecutor(threads);
        server.start();
        return d;
    }

    /** The page's address, with its token when one is required: the address to print. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return access.addTo(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort()
                + "/"));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String refusal = access.refusal(query.get(DashboardAccess.PARAMETER));
            if (refusal != null) {
                send(ex, 403, "text/plain", refusal);
                return;
            }
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain", "the dashboard only reads: " + method + " is not allowed\n");
                return;
            }
            route(ex, ex.getRequestURI().getRawPath(), query);
        } catch (IOException e) {
            // the page went away mid-answer
        } catch (RuntimeException e) {
            try {
                send(ex, 500, "text/plain", "dashboard error: " + e + "\n");
            } catch (IOException | RuntimeException ignored) {
                // headers already sent: the connection closes
            }
        }
    }

    /** Answers a request let in: a page asset, one of the JSON and event-stream endpoints, or a file. */
    private void route(HttpExchange ex, String path, Map<String, String> query) throws IOException {
        if (ASSETS.containsKey(path)) {
            asset(ex, ASSETS.get(path));
        } else if (path.equals("/api/pipelines")) {
            json(ex, boards.names());
        } else if (path.equals("/api/snapshot")) {
            BoardFeed feed = feed(ex, query);
            if (feed != null) {
                send(ex, 200, "application/json", feed.json());
            }
        } else if (path.equals("/api/events")) {
            BoardFeed feed = feed(ex, query);
            if (feed != null && streamsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(ex, 503, "text/plain", "event stream refused once (dropStreams)\n");
            } else if (feed != null) {
                stream(ex, feed);
            }
        } else if (path.equals("/api/step")) {
            step(ex, query);
        } else if (path.equals("/api/runs")) {
            BoardFeed feed = feed(ex, query);
            if (feed != null) {
                List<?> runs = RunManifests.all(feed.board().layout());
                java.util.Collections.reverse(runs);
                json(ex, runs);
            }
        } else if (path.startsWith("/files/")) {
            download(ex, path.substring("/files/".length()));
        } else {
            send(ex, 404, "text/plain", "not found: " + path + "\n");
        }
    }

    private BoardFeed feed(HttpExchange ex, Map<String, String> query) throws IOException {
        String name = query.get("pipeline");
        if (name == null) {
            List<String> names = boards.names();
            name = names.isEmpty() ? null : names.get(0);
        }
        BoardFeed feed = name == null ? null : boards.feed(name);
        if (feed == null) {
            send(ex, 404, "text/plain", name == null ? "no pipeline in this cache yet\n" : "no pipeline '" + name + "'\n");
        }
        return feed;
    }

    private void step(HttpExchange ex, Map<String, String> query) throws IOException {
        BoardFeed feed = feed(ex, query);
        if (feed == null) {
            return;
        }
        Map<String, Object> detail = StepDetail.of(feed.board(), query.getOrDefault("name", ""));
        if (detail == null) {
            send(ex, 404, "text/plain", "no step '" + query.get("name") + "'\n");
        } else {
            json(ex, detail);
        }
    }

    /** Server-sent events: a snapshot now, then each time it changes, until the page or the server goes. */
    private void stream(HttpExchange ex, BoardFeed feed) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        String sent = null;
        long lastWrite = System.currentTimeMillis();
        int generation = streamGeneration.get();
        while (streamGeneration.get() == generation) {
            boolean last = closed; // once closed, the final snapshot (the run's end) is sent, then the stream ends
            String json = feed.json();
            long now = System.currentTimeMillis();
            if (!json.equals(sent)) {
                out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                sent = json;
                lastWrite = now;
            } else if (now - lastWrite > HEARTBEAT_MS) {
                out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWrite = now;
            }
            if (last) {
                return;
            }
            try {
                Thread.sleep(STREAM_PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * For tests of the page's reconnection: ends the event streams open now, as a dropped connection would, and
     * answers the next {@code refusals} requests for one with 503, as a proxy does while its upstream restarts.
     */
    void dropStreams(int refusals) {
        streamsToRefuse.set(refusals);
        streamGeneration.incrementAndGet();
    }

    private void download(HttpExchange ex, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String pipeline = slash < 0 ? "" : decode(rest.substring(0, slash));
        BoardFeed feed = boards.names().contains(pipeline) ? boards.feed(pipeline) : null;
        CacheLayout layout = feed == null ? null : feed.board().layout();
        Path file = layout == null ? null : CacheFiles.resolve(layout.dir(), decode(rest.substring(slash + 1)));
        if (file == null) {
            send(ex, 404, "text/plain", "no such file in the cache directory\n");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\""
                + file.getFileName().toString().replace("\"", "") + "\"");
        long size = Files.size(file);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(200, head ? -1 : size == 0 ? -1 : size);
        if (!head) {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(ex.getResponseBody());
            }
        }
    }

    private void asset(HttpExchange ex, String name) throws IOException {
        byte[] content;
        try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the class path");
            }
            content = in.readAllBytes();
        }
        if (name.equals("index.html")) { // the browser fetches the page's own files before its script runs
            String html = new String(content, StandardCharsets.UTF_8);
            for (String file : List.of("/assets/dashboard.css", "/assets/dashboard.js")) {
                html = html.replace('"' + file + '"', '"' + access.addTo(file) + '"');
            }
            content = html.getBytes(StandardCharsets.UTF_8);
        }
        String type = name.endsWith(".css") ? "text/css" : name.endsWith(".js") ? "text/javascript" : "text/html";
        send(ex, 200, type + "; charset=utf-8", content);
    }

    private static void json(HttpExchange ex, Object value) throws IOException {
        send(ex, 200, "application/json", Json.COMPACT.writeValueAsBytes(value));
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type.contains("charset") ? type : type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer"); // the page's address may hold its token
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            ex.getResponseBody().write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Stops serving: open event streams send the last snapshot and end (within about a second). */
    @Override
    public void close() {
        closed = true;
        server.stop(1); // waits (up to 1 s) for the handlers, so each stream sends the final state first
        threads.shutdownNow();
        boards.close();
    }
}
