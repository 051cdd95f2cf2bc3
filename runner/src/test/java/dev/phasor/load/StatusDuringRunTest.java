package dev.phasor.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.ResultUnavailableException;
import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Load;
import dev.phasor.testkit.LoadCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.5: {@code phasor status} and {@code phasor result} polled over and over (a bounded loop) while a
 * coordinator in another JVM writes the cache, first on a fresh cache, then during a re-run of some steps.
 * Every status parses and its counts agree with its rows; every step shown done has a readable, correct result
 * (all of them read through the API, a sample through {@code phasor result});
 * on the fresh run the done count never goes back and a done step stays done; no command throws.
 */
class StatusDuringRunTest {

    private static final int LEAVES = 400;
    private static final int MAX_POLLS = 3000;
    private static final int POLLS_BEFORE_GATE = 4;
    private static final Pattern HEADING = Pattern.compile(
            "pipeline load  cache \\S+  steps (\\d+): (\\d+) done, (\\d+) failed, (\\d+) skipped, (\\d+) not run");

    @TempDir
    Path work;

    private static Outcome phasor(String... args) {
        return InProcessCli.phasor(args);
    }

    private static long expected(String step) {
        if (step.equals("total")) {
            return Load.expectedTotal(LEAVES, 100);
        }
        int n = Integer.parseInt(step.substring(step.indexOf('_') + 1));
        return step.startsWith("leaf_") ? Load.leafValue(n) : Load.expectedGroup(n, LEAVES, 100);
    }

    /** What one parsed status showed. */
    record Poll(Set<String> done, int total) {
    }

    @Test
    @Timeout(300)
    void statusAndResultPolledDuringARunAndARerunSeeConsistentData() throws Exception {
        Path cache = work.resolve("cache");
        int polls = poll(cache, props("gate-run"), true, "run", "--cache", cache.toString(), "--threads", "2", "--progress", "plain");
        LoadCheck.verify(cache, "load", LEAVES, 100);
        int rerunPolls = poll(cache, props("gate-rerun"), false, "run", "--cache", cache.toString(), "--threads", "2", "--progress",
                "plain", "--rerun", "leaf_*");
        LoadCheck.verify(cache, "load", LEAVES, 100);
        System.out.printf("status during a run: %d polls during the run, %d during the re-run%n", polls, rerunPolls);
    }

    /** Leaves sleep 25 ms, and leaf_0 waits for {@code gate}: the run cannot end before a few polls. */
    private Map<String, String> props(String gate) {
        return Map.of("phasor.test.load.steps", String.valueOf(LEAVES), "phasor.test.load.sleepMs", "25",
                "phasor.test.load.gate", work.resolve(gate).toString());
    }

    /**
     * Starts the coordinator and polls until it ends, opening its gate after {@link #POLLS_BEFORE_GATE} polls;
     * returns the number of polls made while it ran.
     */
    private int poll(Path cache, Map<String, String> props, boolean fresh, String... args) throws Exception {
        Random random = new Random(7);
        String c = cache.toString();
        int polls = 0;
        int whileRunning = 0;
        Set<String> doneBefore = new HashSet<>();
        try (PhasorProcess run = PhasorProcess.start(work, "256m", props, args)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
            while (!Files.exists(cache.resolve("load/pipeline.schema"))) {
                assertTrue(run.isAlive() && System.nanoTime() < deadline, () -> "no schema written\n" + outcome(run));
                Thread.sleep(10); // polling for the schema; the deadline bounds it
            }
            boolean ended = false;
            while (!ended && polls < MAX_POLLS) {
                assertTrue(System.nanoTime() < deadline, "the run ended within 200 s");
                ended = !run.isAlive(); // a last poll after the end sees the final state
                Outcome st = phasor("status", "--cache", c, "--pipeline", "load");
                // exit 1 while steps are still pending or running; 0 once the run is over and every step done
                assertTrue(st.code() == 0 || (!ended && st.code() == 1), () -> "status failed: " + st);
                Poll p = parse(st.out());
                if (fresh) {
                    assertTrue(p.done().containsAll(doneBefore), () -> "a done step went back: "
                            + doneBefore.stream().filter(s -> !p.done().contains(s)).limit(5).toList());
                    doneBefore.addAll(p.done());
                }
                // every step this status showed done, read through the API as phasor result does
                CacheReader reader = CacheReader.open(cache, "load");
                for (String step : p.done()) {
                    try {
                        assertEquals(expected(step), reader.result(step), () -> "result of " + step);
                    } catch (ResultUnavailableException e) {
                        // started again since the status was read: then it must no longer be shown done
                        assertTrue(!fresh && !e.getMessage().contains("state: done"), () -> step + " shown done: " + e);
                    }
                }
                for (String step : sample(p.done(), random)) {
                    Outcome r = phasor("result", "--cache", c, "--pipeline", "load", step);
                    if (r.code() != 0) {
                        // the step may have been started again since the status was read: never still shown done
                        assertTrue(!fresh && !r.err().contains("state: done"), () -> step + " shown done, result " + r);
                        continue;
                    }
                    assertEquals(expected(step), Long.parseLong(r.out().strip()), () -> "result of " + step);
                }
                polls++;
                whileRunning += ended ? 0 : 1;
                if (whileRunning == POLLS_BEFORE_GATE) {
                    Files.createFile(Path.of(props.get("phasor.test.load.gate")));
                }
            }
            PhasorProcess.Outcome o = run.await(60);
            assertEquals(ExitCodes.OK, o.exitCode(), o::toString);
        }
        assertTrue(whileRunning >= POLLS_BEFORE_GATE, "polled while the run was writing (" + whileRunning + " polls)");
        return whileRunning;
    }

    private static String outcome(PhasorProcess p) {
        try {
            return p.outcome().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Up to 8 random done steps, plus every done group and the total. */
    private static List<String> sample(Set<String> done, Random random) {
        List<String> all = new ArrayList<>(done);
        java.util.Collections.sort(all);
        List<String> picked = new ArrayList<>();
        all.stream().filter(s -> !s.startsWith("leaf_")).forEach(picked::add);
        for (int k = 0; k < 8 && !all.isEmpty(); k++) {
            picked.add(all.get(random.nextInt(all.size())));
        }
        return picked;
    }

    /** Parses a status: its heading's counts must agree with its rows, one row per step. */
    private static Poll parse(String out) {
        List<String> lines = out.lines().toList();
        Matcher h = HEADING.matcher(lines.isEmpty() ? "" : lines.get(0));
        if (!h.matches()) {
            fail("status heading does not parse: " + (lines.isEmpty() ? "(empty)" : lines.get(0)));
        }
        int steps = Integer.parseInt(h.group(1));
        assertEquals(LEAVES + Load.groups(LEAVES, 100) + 1, steps, "steps in the status");
        assertTrue(lines.get(1).startsWith("name"), () -> "header row: " + lines.get(1));
        assertEquals(steps + 2, lines.size(), "one row per step");
        Set<String> done = new HashSet<>();
        int failed = 0;
        int skipped = 0;
        for (String line : lines.subList(2, lines.size())) {
            String[] cols = line.split("\\s{2,}");
            assertTrue(cols.length >= 9, () -> "row does not parse: " + line);
            switch (cols[3]) {
                case "0" -> {
                    done.add(cols[0]);
                    assertTrue(cols[8].endsWith("/" + cols[0] + ".step"), () -> "a done row shows its result file: " + line);
                }
                case "1" -> failed++;
                case "2" -> skipped++;
                case "-" -> { }
                default -> fail("status column: " + line);
            }
        }
        assertEquals(Integer.parseInt(h.group(2)), done.size(), "done count = done rows");
        assertEquals(0, failed + skipped, () -> "nothing fails or is skipped: " + out.lines().limit(3).toList());
        assertEquals(Integer.parseInt(h.group(3)), failed);
        return new Poll(done, steps);
    }
}
