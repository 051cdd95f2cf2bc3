package dev.phasor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cli.Cli;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.Trio;
import dev.phasor.testkit.Variants;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 6, point 6: a manifest per run in {@code <cache>/<pipeline>/runs/}, and the pointer to the latest. */
class RunManifestTest {

    @TempDir
    Path tmp;

    static int phasor(String... args) {
        CommandLine cl = Cli.commandLine(null);
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void eachRunWritesAManifestWithWhoWhereWhatAndCounts() throws Exception {
        Path cache = tmp.resolve("cache");
        String[] args = {"run", Failing.class.getName(), "--cache", cache.toString(), "--threads", "3", "-q"};
        Instant before = Instant.now();
        assertEquals(1, phasor(args));
        CacheLayout layout = new CacheLayout(cache.toAbsolutePath(), "failing");

        List<RunManifest> all = RunManifests.all(layout);
        assertEquals(1, all.size());
        RunManifest m = all.get(0);
        assertEquals(m, RunManifests.latest(layout), "latest.json is the newest run");
        assertTrue(Files.isRegularFile(RunManifests.dir(layout).resolve(m.runId() + ".json")));
        assertTrue(m.runId().matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}"), m.runId());
        assertEquals(RunManifest.FORMAT, m.format());
        assertEquals("failing", m.pipeline());
        assertEquals(SchemaFile.read(layout.schemaFile()).digest(), m.fingerprint());
        assertEquals("failed", m.outcome());
        assertEquals("local", m.backend());
        assertEquals(3, m.parallelism());
        assertEquals(List.of(args), m.args());
        assertEquals(System.getProperty("java.version"), m.javaVersion());
        assertEquals(System.getProperty("user.name"), m.user());
        assertFalse(m.host().isBlank());
        assertTrue(m.phasorVersion().matches("\\d+\\.\\d+\\.\\d+.*"), m.phasorVersion());
        Instant started = Instant.parse(m.startedAt());
        Instant ended = Instant.parse(m.endedAt());
        assertFalse(started.isBefore(before.minusSeconds(1)));
        assertFalse(ended.isBefore(started));
        assertEquals(Map.of("done", 3, "cached", 0, "failed", 1, "skipped", 3, "running", 0, "pending", 0, "total", 7),
                m.counts());
        assertEquals(4, m.workers().values().stream().mapToInt(Integer::intValue).sum(), "4 steps ran: " + m.workers());
        assertTrue(m.workers().keySet().stream().allMatch(w -> w.startsWith("local:thread-")), m.workers().toString());
        assertEquals(layout.dir().toString(), m.cache());

        // a resumed run: ok_* reused, boom ran (and failed) again
        assertEquals(1, phasor(args));
        List<RunManifest> two = RunManifests.all(layout);
        assertEquals(2, two.size());
        RunManifest second = RunManifests.latest(layout);
        assertEquals(two.get(1), second);
        assertNotEquals(m.runId(), second.runId());
        assertEquals(3, second.counts().get("cached"));
        assertEquals(0, second.counts().get("done"));
        assertEquals(1, second.counts().get("failed"));
        assertEquals(Map.of(second.workers().keySet().iterator().next(), 1), second.workers(), "only boom ran");
    }

    @Test
    void aRunFromCodeWritesOneAndARefusedRunWritesNone() throws Exception {
        Path cache = tmp.resolve("cache");
        Phasor.runner().cache(cache).threads(2).run(Trio.class);
        CacheLayout layout = new CacheLayout(cache.toAbsolutePath(), "trio");
        RunManifest m = RunManifests.latest(layout);
        assertEquals("ok", m.outcome());
        assertEquals("local", m.backend());
        assertEquals(List.of(), m.args());

        // turned off (benchmarks): neither manifest nor report
        Path quiet = tmp.resolve("quiet");
        Phasor.runner().cache(quiet).recordRun(false).run(Trio.class);
        CacheLayout ql = new CacheLayout(quiet.toAbsolutePath(), "trio");
        assertTrue(Files.isRegularFile(ql.summaryFile()));
        assertFalse(Files.exists(RunManifests.dir(ql)));
        assertFalse(Files.exists(HtmlReport.file(ql)));

        // another definition under the same name is refused: no new manifest, the report is not rewritten
        Path variants = tmp.resolve("variants");
        assertEquals(0, phasor("run", Variants.Base.class.getName(), "--cache", variants.toString(), "-q"));
        CacheLayout vl = new CacheLayout(variants.toAbsolutePath(), "variants");
        byte[] report = Files.readAllBytes(HtmlReport.file(vl));
        assertEquals(3, phasor("run", Variants.Added.class.getName(), "--cache", variants.toString(), "-q"));
        assertEquals(1, RunManifests.all(vl).size());
        assertTrue(java.util.Arrays.equals(report, Files.readAllBytes(HtmlReport.file(vl))));
    }
}
