package dev.phasor.cli;

import static dev.phasor.cli.CliTest.phasor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.Timed;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, point 6: {@code phasor times} on the status files of a real run. */
class TimesCommandTest {

    @TempDir
    Path tmp;

    @Test
    void groupsSamplesAndReportsTheirFiguresFromARealRun() throws Exception {
        Path cache = tmp.resolve("cache");
        assertEquals(1, phasor("run", Timed.class.getName(), "--cache", cache.toString(), "-q").code());
        Map<String, Double> measured = new HashMap<>();
        for (StepStatus s : CacheReader.open(cache, "timed").statuses()) {
            measured.put(s.step(), s.durationMs());
        }

        InProcessCli.Outcome r = phasor("times", "--cache", cache.toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode sample = null;
        for (JsonNode g : doc.get("groups")) {
            if (g.get("group").asText().equals("sample_*")) {
                sample = g;
            }
        }
        assertTrue(sample != null, r.out());
        assertEquals(3, sample.get("count").asInt());
        // each sample sleeps at least its nominal time, and the figures are those of the status files
        assertTrue(sample.get("minMillis").asDouble() >= Timed.sleepMs(1), r.out());
        assertTrue(sample.get("maxMillis").asDouble() >= Timed.sleepMs(3), r.out());
        assertEquals(measured.get("sample_1") + measured.get("sample_2") + measured.get("sample_3"),
                sample.get("totalMillis").asDouble(), 1e-6);
        assertEquals(sample.get("totalMillis").asDouble() / 3, sample.get("meanMillis").asDouble(), 1e-6);
        assertEquals(Math.max(measured.get("sample_3"), Math.max(measured.get("sample_1"), measured.get("sample_2"))),
                sample.get("maxMillis").asDouble(), 1e-6);
        // the failed step is timed too, the skipped one is not: sample_1..3, merge, broken
        assertEquals(5, doc.get("steps").size(), r.out());
        assertEquals("sample_*", doc.get("groups").get(0).get("group").asText(), "the largest total comes first");

        InProcessCli.Outcome text = phasor("times", "--cache", cache.toString(), "--steps", "--sort", "name");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().startsWith("pipeline timed: 5 timed steps in 3 groups\n"), text.out());
        assertTrue(text.out().matches("(?s).*\\nsample_\\*\\s+3\\s+[0-9.]+ ms.*"), text.out());
        assertTrue(text.out().matches("(?s).*\\nbroken\\s+broken\\s+failed\\s+[0-9.]+ ms\\s+local:thread-\\d+\\n.*"),
                text.out());
        assertTrue(text.out().indexOf("\nbroken ") < text.out().indexOf("\nmerge "), "sorted by name:\n" + text.out());

        InProcessCli.Outcome filtered = phasor("times", "--cache", cache.toString(), "--filter", "sample_?",
                "--group-by", "(sample)");
        assertTrue(filtered.out().matches("(?s).*\\nsample\\s+3\\s.*"), filtered.out());
        assertTrue(!filtered.out().contains("merge"), filtered.out());

        InProcessCli.Outcome bad = phasor("times", "--cache", cache.toString(), "--group-by", "(");
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("not a regular expression"), bad::toString);
    }
}
