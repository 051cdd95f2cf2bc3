package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasor.testkit.InProcessCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phasor bench --dashboard both}: each repeat runs without, then with the dashboard; speed is not judged. */
class BenchDashboardTest {

    @TempDir
    Path tmp;

    @Test
    void dashboardBothInterleavesRunsWithoutAndWithTheDashboard() throws Exception {
        Path out = tmp.resolve("out");
        InProcessCli.Outcome r = InProcessCli.phasor("bench", "--pipeline", "wide", "--steps", "40", "--repeat", "2",
                "--dashboard", "both", "--threads", "2", "--out", out.toString(), "--work", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> seen = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("runs")) {
            seen.add(run.get("repeat").asInt() + " " + run.get("parallelism").asText());
            assertEquals(40, run.get("steps").asInt());
        }
        assertEquals(List.of("1 2 threads", "1 2 threads, dashboard", "2 2 threads", "2 2 threads, dashboard"), seen);
    }

    @Test
    void theDashboardIsMeasuredOnTheLocalBackendOnly() {
        InProcessCli.Outcome mpj = InProcessCli.phasor("bench", "--backend", "mpj", "--dashboard", "on", "--out",
                tmp.toString());
        assertEquals(2, mpj.code());
        assertTrue(mpj.err().contains("--dashboard on is measured on --backend local only"), mpj.err());
        InProcessCli.Outcome bad = InProcessCli.phasor("bench", "--dashboard", "sometimes", "--out", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--dashboard must be off, on or both"), bad.err());
    }
}
