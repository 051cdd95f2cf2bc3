package dev.phasor.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Load;
import dev.phasor.testkit.LoadCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.5: runs at once, each coordinator in its own JVM as a user starts it. Two runs on one pipeline
 * cache: the second is refused (exit 3, naming the holder's pid) and the first is unaffected; two
 * coordinators released at the same instant: exactly one wins; two pipelines under one cache root run at
 * once, independently. ({@link StatusDuringRunTest} covers {@code phasor status}/{@code result} during a run.)
 */
@Timeout(300)
class ConcurrentRunsTest {

    @TempDir
    Path work;

    private static Map<String, String> props(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private PhasorProcess run(Map<String, String> props, Path cache) throws IOException {
        return PhasorProcess.start(work, "256m", props, "run", "--cache", cache.toString(), "--threads", "2",
                "--progress", "plain");
    }

    /** Polls until {@code condition} holds; fails after {@code seconds}, or as soon as {@code p} has ended. */
    private static void await(BooleanSupplier condition, int seconds, PhasorProcess p, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                fail(what + ": the run ended first\n" + p.outcome());
            }
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + seconds + " s\n" + p.outcome());
            }
            Thread.sleep(20); // polling interval; the deadline bounds the wait
        }
    }

    private static void assertRefusedNaming(PhasorProcess.Outcome refused, long holderPid, Path cacheDir) {
        assertEquals(ExitCodes.CACHE, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("in use by another run"), refused::toString);
        assertTrue(refused.err().contains("pid " + holderPid + " "), () -> "names the holder pid " + holderPid + "\n" + refused);
        assertTrue(refused.err().contains(cacheDir.toString()), () -> "names the cache dir\n" + refused);
    }

    @Test
    void secondRunOnTheSameCacheIsRefusedNamingTheHolderAndTheFirstIsUnaffected() throws Exception {
        Path cache = work.resolve("cache");
        Path started = work.resolve("started");
        Path gate = work.resolve("gate");
        try (PhasorProcess first = run(props("phasor.test.load.steps", "200", "phasor.test.load.started", started.toString(),
                "phasor.test.load.gate", gate.toString()), cache)) {
            await(() -> Files.exists(started), 120, first, "the first run's leaf_0 started");
            Path dir = cache.resolve("load");
            byte[] schema = Files.readAllBytes(dir.resolve("pipeline.schema"));
            List<String> filesBefore = listing(dir);

            PhasorProcess.Outcome second;
            try (PhasorProcess p = run(props("phasor.test.load.steps", "200"), cache)) {
                second = p.await(120);
            }
            assertRefusedNaming(second, first.pid(), dir);
            assertTrue(first.isAlive(), "the first run goes on");
            assertTrue(java.util.Arrays.equals(schema, Files.readAllBytes(dir.resolve("pipeline.schema"))),
                    "the refused run left the schema as it was");
            List<String> filesAfter = listing(dir);
            assertTrue(filesAfter.containsAll(filesBefore.stream().filter(f -> !f.startsWith(".")).toList()),
                    () -> "the refused run removed nothing: before " + filesBefore + " after " + filesAfter);

            Files.createFile(gate);
            PhasorProcess.Outcome done = first.await(180);
            assertEquals(ExitCodes.OK, done.exitCode(), done::toString);
        }
        LoadCheck.verify(cache, "load", 200, 100);
        try (Stream<Path> runs = Files.list(cache.resolve("load/runs"))) {
            assertEquals(2, runs.count(), "one run manifest (and latest.json): the refused run recorded none");
        }
    }

    @Test
    void twoCoordinatorsReleasedAtTheSameInstantExactlyOneWins() throws Exception {
        race(2);
    }

    @Test
    @Tag("long")
    void twoCoordinatorsReleasedAtTheSameInstantExactlyOneWinsTenTimes() throws Exception {
        race(10);
    }

    private void race(int rounds) throws Exception {
        Path cache = work.resolve("cache");
        for (int round = 0; round < rounds; round++) {
            Path go = work.resolve("go" + round);
            Path gate = work.resolve("gate" + round);
            Map<String, String> p = props("phasor.test.load.steps", "50", "phasor.test.load.name", "race" + round,
                    "phasor.test.load.go", go.toString(), "phasor.test.load.gate", gate.toString());
            try (PhasorProcess a = run(p, cache); PhasorProcess b = run(p, cache)) {
                await(() -> Files.exists(Path.of(go + ".ready-" + a.pid())) && Files.exists(Path.of(go + ".ready-" + b.pid())),
                        120, a.isAlive() ? b : a, "both coordinators ready");
                Files.createFile(go); // both poll for it every 2 ms: released together, they race for the lock
                PhasorProcess loser = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (loser == null && System.nanoTime() < deadline) {
                    loser = a.waitFor(10) ? a : b.waitFor(10) ? b : null;
                }
                assertTrue(loser != null, "one of them ended (the winner waits for the gate)");
                PhasorProcess winner = loser == a ? b : a;
                PhasorProcess.Outcome lost = loser.outcome();
                assertRefusedNaming(lost, winner.pid(), cache.resolve("race" + round));
                Files.createFile(gate);
                PhasorProcess.Outcome won = winner.await(120);
                assertEquals(ExitCodes.OK, won.exitCode(), won::toString);
            }
            LoadCheck.verify(cache, "race" + round, 50, 100);
        }
    }

    @Test
    void twoPipelinesUnderOneCacheRootRunAtOnceIndependently() throws Exception {
        Path cache = work.resolve("cache");
        Path gate = work.resolve("gate");
        Path startedA = work.resolve("started-alpha");
        Path startedB = work.resolve("started-beta");
        try (PhasorProcess a = run(props("phasor.test.load.steps", "300", "phasor.test.load.name", "alpha",
                "phasor.test.load.started", startedA.toString(), "phasor.test.load.gate", gate.toString()), cache);
                PhasorProcess b = run(props("phasor.test.load.steps", "200", "phasor.test.load.group", "50",
                        "phasor.test.load.name", "beta", "phasor.test.load.started", startedB.toString(),
                        "phasor.test.load.gate", gate.toString()), cache)) {
            // both hold their pipeline's lock and have a step running at once before either may go on
            await(() -> Files.exists(startedA), 120, a, "alpha started");
            await(() -> Files.exists(startedB), 120, b, "beta started");
            Files.createFile(gate);
            PhasorProcess.Outcome ra = a.await(180);
            PhasorProcess.Outcome rb = b.await(180);
            assertEquals(ExitCodes.OK, ra.exitCode(), ra::toString);
            assertEquals(ExitCodes.OK, rb.exitCode(), rb::toString);
        }
        LoadCheck.verify(cache, "alpha", 300, 100);
        LoadCheck.verify(cache, "beta", 200, 50);
        try (Stream<Path> dirs = Files.list(cache)) {
            assertEquals(List.of("alpha", "beta"), dirs.map(d -> d.getFileName().toString()).sorted().toList());
        }
        assertEquals(Load.groups(200, 50), listing(cache.resolve("beta")).stream()
                .filter(f -> f.startsWith("group_") && f.endsWith(".step")).count());
        assertEquals(Load.groups(300, 100), listing(cache.resolve("alpha")).stream()
                .filter(f -> f.startsWith("group_") && f.endsWith(".step")).count());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(new TreeSet<>(files.map(f -> f.getFileName().toString()).toList()));
        }
    }
}
