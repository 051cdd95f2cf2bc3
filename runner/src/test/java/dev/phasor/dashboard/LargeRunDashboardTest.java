package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StatusRecord;
import dev.phasor.cache.StepStatus;
import dev.phasor.support.Chromium;
import dev.phasor.support.LiveBrowser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the page of a 100,000-step pipeline loads in a few seconds and stays small: phases are drawn as
 * groups of steps, never one element per step. The cache is written directly (schema and status files),
 * as a finished run leaves it, and served as {@code phasor serve} does.
 */
@Timeout(900)
class LargeRunDashboardTest {

    static final int PHASES = 4;
    static final int WIDTH = 25_000;
    /** What "a few seconds" means here, on a loaded two-core machine. */
    static final long LOAD_LIMIT_MS = 5_000;
    /** Reading 100,000 status files cold is bound by the file system: generous. */
    static final long COLD_READ_LIMIT_S = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A pipeline of {@code phases} x {@code width} steps {@code part_<phase>_<i>}; every 1000th failed, the rest done. */
    static CacheLayout writeCache(Path root, int phases, int width) throws Exception {
        CacheLayout layout = new CacheLayout(root, "large");
        layout.create();
        List<SchemaDocument.PhaseEntry> entries = new ArrayList<>();
        List<StepStatus> statuses = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int ph = 0; ph < phases; ph++) {
            List<SchemaDocument.StepEntry> steps = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                String name = "part_" + ph + "_" + i;
                String key = String.format("%064x", (long) ph * width + i);
                steps.add(new SchemaDocument.StepEntry(name, "java", "Large::part", "d", "", Map.of("i", i), null,
                        List.of(), List.of(), key, null, null));
                boolean failed = i % 1000 == 999;
                Instant start = t.plusMillis((long) ph * 1000 + i / 50);
                statuses.add(new StatusRecord(name, ph, failed ? 1 : 0, failed ? "failed" : "done", key, "ran",
                        start.toString(), start.plusMillis(3).toString(), 3, "local:thread-" + (i % 2 + 1), "h", 1,
                        failed ? "java.lang.IllegalStateException" : null, failed ? "part " + i + " failed" : null,
                        null, null, null, 10).toStatus());
            }
            entries.add(new SchemaDocument.PhaseEntry(ph, steps));
        }
        // written in place, several at once: a run's atomic renames would only make the test slower
        new java.util.concurrent.ForkJoinPool(4).submit(() -> statuses.parallelStream().forEach(s -> {
            try {
                java.nio.file.Files.write(layout.statusFile(s.step()), StatusFiles.toJson(s));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).join();
        SchemaFile.write(layout.schemaFile(), new SchemaDocument(SchemaDocument.FORMAT, "large", "digest",
                new SchemaDocument.CodecInfo("kryo", "f", List.of()), entries), layout.mode());
        return layout;
    }

    @Test
    void thePageOfAHundredThousandStepsLoadsInAFewSecondsWithoutOneElementPerStep() throws Exception {
        Chromium chromium = Chromium.require();
        writeCache(tmp, PHASES, WIDTH);
        try (DashboardServer server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Boards.following(tmp))) {
            // the server reads the 100,000 status files first (phasor serve starts following at once)
            long t0 = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            URI snapshot = server.url().resolve("/api/snapshot?pipeline=large");
            JsonNode counts = null;
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(COLD_READ_LIMIT_S)) {
                counts = JSON.readTree(http.send(HttpRequest.newBuilder(snapshot).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("counts");
                if (counts.get("done").asInt() + counts.get("failed").asInt() == PHASES * WIDTH) {
                    break;
                }
                Thread.sleep(200);
            }
            long coldMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(PHASES * WIDTH - 100, counts.get("done").asInt(), "every status read: " + counts);

            try (LiveBrowser page = LiveBrowser.open(chromium, URI.create("about:blank"), tmp, 1280, 1000)) {
                long t1 = System.nanoTime();
                page.navigate(server.url());
                assertTrue(page.waitFor("document.body.dataset.ready === 'true'", Duration.ofSeconds(60)));
                long loadedMs = (System.nanoTime() - t1) / 1_000_000;
                System.out.printf("100,000 steps: statuses read cold in %d ms, page loaded in %d ms%n", coldMs, loadedMs);
                assertEquals("100000", page.eval("document.querySelector('#counts').textContent.match(/total (\\d+)/)[1]")
                        .asText());
                assertEquals(PHASES * WIDTH - 100,
                        page.eval("Number(document.querySelector('[data-count=done] b').textContent)").asInt());
                assertEquals(100, page.eval("Number(document.querySelector('[data-count=failed] b').textContent)").asInt());
                int elements = page.eval("document.getElementsByTagName('*').length").asInt();
                assertTrue(elements < 3000, elements + " elements for 100,000 steps");
                assertEquals(0, page.eval("document.querySelectorAll('.cell').length").asInt());
                assertEquals(PHASES, page.eval("document.querySelectorAll('.phase .group').length").asInt(),
                        "one group per phase: part_#_#");
                assertTrue(loadedMs < LOAD_LIMIT_MS, "the page took " + loadedMs + " ms to show 100,000 steps");
            }
        }
    }
}
