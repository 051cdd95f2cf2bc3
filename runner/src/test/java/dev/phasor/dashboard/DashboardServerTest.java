package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasor.cache.CacheLayout;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.Watched;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's server as {@code phasor serve} runs it over a finished run's cache: it answers only reads,
 * serves files from inside the pipeline's directory and nothing outside it, whatever the path says. Requests
 * are written on a raw socket, so that no client library tidies the path first.
 */
@Timeout(120)
class DashboardServerTest {

    private static final String SECRET = "not for the dashboard";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path cache;
    private DashboardServer server;

    @BeforeEach
    void runAndServe() throws Exception {
        cache = tmp.resolve("cache");
        System.setProperty("phasor.test.sleepMs", "1");
        try {
            assertEquals(1, InProcessCli.phasor("run", Watched.class.getName(), "--cache", cache.toString(), "-q").code());
        } finally {
            System.clearProperty("phasor.test.sleepMs");
        }
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(cache.resolve("watched").resolve("link.txt"), tmp.resolve("secret.txt"));
        server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Boards.following(cache));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The status line and body (as text) of a raw request. */
    private String[] request(String method, String target) throws Exception {
        byte[][] answer = requestBytes(method, target);
        return new String[] {new String(answer[0], StandardCharsets.UTF_8), new String(answer[1], StandardCharsets.UTF_8)};
    }

    /** The status line and the body's bytes of a raw request. */
    private byte[][] requestBytes(String method, String target) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = in.readAllBytes();
            String head = new String(answer, StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            return new byte[][] {head.substring(0, head.indexOf("\r\n")).getBytes(StandardCharsets.UTF_8),
                end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(answer, end + 4, answer.length)};
        }
    }

    @Test
    void noPathLeavesThePipelinesCacheDirectory() throws Exception {
        for (String target : List.of("/files/watched/../../secret.txt", "/files/watched/%2e%2e/%2e%2e/secret.txt",
                "/files/watched/..%2f..%2fsecret.txt", "/files/watched/logs/../../../secret.txt",
                "/files/watched/%2Fetc%2Fpasswd", "/files/watched//etc/passwd", "/files/..%2fsecret.txt/x",
                "/files/%2e%2e/secret.txt", "/files/watched/link.txt", "/files/watched/.lock",
                "/files/watched/total.step%00.txt", "/assets/../../../../etc/passwd",
                "/assets/%2e%2e/dashboard/DashboardServer.class", "/../../etc/passwd")) {
            String[] answer = request("GET", target);
            assertTrue(answer[0].contains(" 404 "), target + " answered " + answer[0]);
            assertFalse(answer[1].contains(SECRET) || answer[1].contains("root:"), target + " leaked " + answer[1]);
        }
    }

    @Test
    void aResultFileAndALogAreDownloadable() throws Exception {
        CacheLayout layout = new CacheLayout(cache, "watched");
        byte[][] result = requestBytes("GET", "/files/watched/total.step");
        assertTrue(new String(result[0], StandardCharsets.UTF_8).contains(" 200 "));
        assertArrayEquals(Files.readAllBytes(layout.resultFile("total")), result[1]);
        String[] log = request("GET", "/files/watched/logs/broken.log");
        assertTrue(log[1].contains("reading record " + Watched.LOG_LINES), log[1]);
    }

    @Test
    void onlyReadsAreAnswered() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            assertTrue(request(method, "/files/watched/total.step")[0].contains(" 405 "), method);
        }
        assertTrue(Files.exists(cache.resolve("watched").resolve("total.step")));
    }

    @Test
    void theSnapshotAndAStepsDetailComeFromTheCache() throws Exception {
        JsonNode snap = JSON.readTree(request("GET", "/api/snapshot?pipeline=watched")[1]);
        for (int i = 0; i < 200 && snap.get("counts").get("pending").asInt() > 0; i++) { // statuses are read after the schema
            Thread.sleep(100);
            snap = JSON.readTree(request("GET", "/api/snapshot?pipeline=watched")[1]);
        }
        assertEquals(15, snap.get("total").asInt());
        assertEquals(13, snap.get("counts").get("done").asInt());
        assertEquals(1, snap.get("counts").get("failed").asInt());
        assertFalse(snap.get("live").asBoolean(), "no run holds the lock");
        assertEquals("broken", snap.get("failed").get(0).get("step").asText());
        JsonNode detail = JSON.readTree(request("GET", "/api/step?pipeline=watched&name=load_3")[1]);
        assertEquals("9", detail.get("preview").asText());
        assertEquals(3, detail.get("params").get("i").asInt());
        assertEquals("load_3.step", detail.get("resultFile").asText());
        assertTrue(request("GET", "/api/step?pipeline=watched&name=nope")[0].contains(" 404 "));
        assertTrue(request("GET", "/api/snapshot?pipeline=..")[0].contains(" 404 "));
        JsonNode runs = JSON.readTree(request("GET", "/api/runs?pipeline=watched")[1]);
        assertEquals(1, runs.size());
        assertEquals("failed", runs.get(0).get("outcome").asText());
    }
}
