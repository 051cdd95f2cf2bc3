package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.bench.model.Calibration;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phasor bench model} from a given calibration: the table, the CSVs, the knee; bad options named. */
class ModelCommandTest {

    @TempDir
    Path tmp;

    private static Outcome phasor(String... args) {
        return InProcessCli.phasor(args);
    }

    @Test
    void modelPrintsStepsPerWorkerCountAndTheKneeWhereTheCoordinatorCaps() throws Exception {
        Path cal = tmp.resolve("calibration.properties");
        // 100 us of coordinator per step, nothing else queues: the ceiling is 10,000 steps/s
        new Calibration(Map.of("mpj", new Calibration.Backend(100, 0, 0, 0, 0, 0, 1, 0)), Map.of()).write(cal);
        Path out = tmp.resolve("out");
        Outcome r = phasor("bench", "model", "--calibration", cal.toString(), "--backend", "mpj", "--workers",
                "1,10,1000", "--step-ms", "1,100", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> rows = Files.readAllLines(out.resolve("model.csv"));
        assertEquals(1 + 3 * 2, rows.size(), String.join("\n", rows));
        // step 1 ms, 1 worker: 1 / (1.1 ms) ; 1000 workers at 100 ms: capped by the coordinator at 10,000 steps/s
        assertTrue(rows.contains("mpj,cluster,1,1,1,1,1,100.00,909.09,909.09,1.00,coordinator"), String.join("\n", rows));
        double capped = Double.parseDouble(rows.stream().filter(l -> l.startsWith("mpj,cluster,1,1000,"))
                .findFirst().orElseThrow().split(",")[8]);
        assertEquals(10_000, capped, 1, "1000 workers of 1 ms steps (knee: 11) saturate a 100 us coordinator");
        double near = Double.parseDouble(rows.stream().filter(l -> l.startsWith("mpj,cluster,100,1000,"))
                .findFirst().orElseThrow().split(",")[8]);
        assertTrue(near < 10_000 && near > 1000 * 1e6 / 100_100 * 0.9, "100 ms steps: 1000 workers are at the knee, "
                + near);
        List<String> knees = Files.readAllLines(out.resolve("knee.csv"));
        assertTrue(knees.contains("mpj,cluster,1,1,1,100.00,10000.00,11.00,coordinator"), String.join("\n", knees));
        assertTrue(Files.size(out.resolve("model-mpj.png")) > 0);
    }

    @Test
    void badOptionsAreNamed() {
        Outcome r = phasor("bench", "model", "--workers", "0", "--out", tmp.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--workers must be at least 1, got 0"), r.err());
        Outcome p = phasor("bench", "model", "--placement", "moon", "--out", tmp.toString());
        assertEquals(2, p.code());
        assertTrue(p.err().contains("--placement must be cluster or one-host, got 'moon'"), p.err());
    }
}
