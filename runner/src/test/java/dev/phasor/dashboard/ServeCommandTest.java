package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasor.support.JavaProcess;
import dev.phasor.support.LiveRun;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.Watched;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phasor serve} in a JVM of its own follows a run that this JVM is doing on the same cache: it sees
 * the run live (it holds the lock), steps finishing one by one, and the run ends as it would without it
 * (serve never takes the lock), after which the run's manifest is in the page's history.
 */
@Timeout(240)
class ServeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void serveFollowsARunOfAnotherProcessWithoutTakingItsLock() throws Exception {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache);
        System.setProperty("phasor.test.sleepMs", "1200");
        CompletableFuture<InProcessCli.Outcome> run;
        Process serve = null;
        try {
            run = CompletableFuture.supplyAsync(() -> InProcessCli.phasor("run", Watched.class.getName(), "--cache",
                    cache.toString(), "--threads", "2", "-q"));
            Path schema = cache.resolve("watched").resolve("pipeline.schema");
            for (int i = 0; i < 600 && !Files.exists(schema); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(schema), "the run wrote its schema");

            Path out = tmp.resolve("serve.out");
            serve = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", JavaProcess.classpath(), "dev.phasor.cli.Main", "serve", "--cache", cache.toString(),
                    "--port", "0")).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            URI url = LiveRun.awaitUrl(() -> read(out), 60, () -> read(out));
            assertEquals("127.0.0.1", url.getHost());
            HttpClient http = HttpClient.newHttpClient();
            URI snapshot = url.resolve("/api/snapshot?pipeline=watched");

            JsonNode live = poll(http, snapshot, s -> s.get("live").asBoolean() && s.get("counts").get("pending").asInt() > 0);
            assertEquals(15, live.get("total").asInt());
            JsonNode partly = poll(http, snapshot, s -> s.get("counts").get("done").asInt() > 0
                    && s.get("counts").get("pending").asInt() > 0);
            assertTrue(partly.get("live").asBoolean(), "steps finish one by one while the run holds the lock");

            InProcessCli.Outcome outcome = run.get(120, TimeUnit.SECONDS);
            assertEquals(1, outcome.code(), outcome::toString); // 'broken' fails; nothing about a lock
            JsonNode ended = poll(http, snapshot, s -> !s.get("live").asBoolean() && s.get("counts").get("done").asInt() == 13);
            assertEquals(1, ended.get("counts").get("failed").asInt());
            JsonNode runs = JSON.readTree(http.send(HttpRequest.newBuilder(url.resolve("/api/runs?pipeline=watched"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1, runs.size(), "the finished run is in the history");
        } finally {
            System.clearProperty("phasor.test.sleepMs");
            if (serve != null) {
                serve.destroy();
                if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                    serve.destroyForcibly();
                }
            }
        }
        assertTrue(read(tmp.resolve("serve.out")).contains("dashboard: http://127.0.0.1:"));
    }

    private static JsonNode poll(HttpClient http, URI uri, java.util.function.Predicate<JsonNode> until) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 600; i++) {
            last = JSON.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not seen within 60 s; last snapshot: " + last);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
