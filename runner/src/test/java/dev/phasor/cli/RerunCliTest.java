package dev.phasor.cli;

import static dev.phasor.cli.CliTest.phasor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Evolving;
import dev.phasor.testkit.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, point 1, on the command line: run's re-run options, their help, and {@code phasor explain}. */
class RerunCliTest {

    private static final String EVOLVING = Evolving.class.getName();

    @TempDir
    Path tmp;

    private Path settings;
    private String cache;

    @BeforeEach
    void setUp() throws Exception {
        settings = tmp.resolve("evolving.properties");
        cache = tmp.resolve("cache").toString();
        Evolving.write(settings, "scale", "1");
        System.setProperty("phasor.test.evolving", settings.toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("phasor.test.evolving");
    }

    /** The summary row of {@code step}: name, params, phase, status, state, run... */
    private static String[] row(String out, String step) {
        return out.lines().filter(l -> l.startsWith(step + " ")).findFirst().orElseThrow(() -> new AssertionError(
                "no row for " + step + " in\n" + out)).split("\\s{2,}");
    }

    @Test
    void runHelpDocumentsEveryReRunOption() {
        String help = phasor("run", "--help").out();
        for (String option : new String[] {"--eager", "--update", "--rerun=STEP", "--restart-failed", "--until=PATTERN"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
        assertTrue(phasor("explain", "--help").out().startsWith("Usage: phasor explain"));
    }

    @Test
    void updateMarksEachStepCachedOrRanAndAPlainRunIsRefusedFirst() throws Exception {
        assertEquals(0, phasor("run", EVOLVING, "--cache", cache, "-q").code());
        Evolving.write(settings, "scale", "3");

        InProcessCli.Outcome refused = phasor("run", EVOLVING, "--cache", cache);
        assertEquals(ExitCodes.CACHE, refused.code(), refused::toString);
        assertTrue(refused.err().contains("Run with --update to accept the new definition"), refused.err());

        InProcessCli.Outcome plan = phasor("plan", EVOLVING, "--cache", cache);
        assertEquals(ExitCodes.CACHE, plan.code(), plan::toString);
        assertTrue(plan.out().contains("run --update would reuse the steps marked cached below"), plan.out());
        assertTrue(Pattern.compile("(?m)^  cached +side$").matcher(plan.out()).find(), plan.out());
        assertTrue(Pattern.compile("(?m)^  run +base ").matcher(plan.out()).find(), plan.out());
        assertTrue(Pattern.compile("(?m)^  run +tail <- mid, flaky$").matcher(plan.out()).find(), plan.out());

        InProcessCli.Outcome updated = phasor("run", EVOLVING, "--cache", cache, "--update");
        assertEquals(0, updated.code(), updated::toString);
        assertEquals("ran", row(updated.out(), "base")[5]);
        assertEquals("cached", row(updated.out(), "side")[5]);
        assertEquals("ran", row(updated.out(), "tail")[5]);
        assertTrue(updated.out().contains("OK: 5 done (3 ran, 2 cached), 0 failed, 0 skipped"), updated.out());
        assertEquals(Integer.toString(Evolving.expectedTail(3)),
                phasor("result", "--cache", cache, "tail").out().trim());
    }

    @Test
    void untilLeavesStepsPendingWithExitCodeZeroAndRerunForcesAStep() {
        InProcessCli.Outcome held = phasor("run", EVOLVING, "--cache", cache, "--until", "ta*");
        assertEquals(0, held.code(), held::toString);
        String[] tail = row(held.out(), "tail");
        assertEquals("-", tail[3]);
        assertEquals("pending", tail[4]);
        assertEquals("not run", tail[5]);
        assertTrue(held.out().contains("OK: 4 done (4 ran, 0 cached), 0 failed, 0 skipped, 1 pending"), held.out());
        assertTrue(phasor("status", "--cache", cache).out().contains("held by --until ta*"));

        InProcessCli.Outcome rerun = phasor("run", EVOLVING, "--cache", cache, "--rerun", "side");
        assertEquals(0, rerun.code(), rerun::toString);
        assertEquals("ran", row(rerun.out(), "side")[5]);
        assertEquals("ran", row(rerun.out(), "flaky")[5]);
        assertEquals("cached", row(rerun.out(), "mid")[5]);

        InProcessCli.Outcome unknown = phasor("run", EVOLVING, "--cache", cache, "--rerun", "nothing");
        assertEquals(ExitCodes.USAGE, unknown.code(), unknown::toString);
        assertTrue(unknown.err().contains("--rerun nothing matches no step of pipeline 'evolving'"), unknown.err());
    }

    @Test
    void explainPrintsTheKeyComponentsAndWhatChangedUpToTheCause() throws Exception {
        assertEquals(0, phasor("run", EVOLVING, "--cache", cache, "-q").code());

        InProcessCli.Outcome cold = phasor("explain", "--cache", cache, "tail");
        assertEquals(0, cold.code(), cold::toString);
        String out = cold.out();
        assertTrue(out.startsWith("step 'tail' of pipeline 'evolving', phase 2, cache "), out);
        assertTrue(out.contains("result  valid for this key: "), out);
        assertTrue(Pattern.compile("(?m)^  step +tail$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  kind +java$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  params +\\{}$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  input +mid:[0-9a-f]{64}$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  input +flaky:[0-9a-f]{64}$").matcher(out).find(), out);
        assertTrue(!out.contains("warning"), "the stored key is re-derived from its components: " + out);

        assertTrue(phasor("explain", "--cache", cache, "base", EVOLVING).out().contains("unchanged in " + EVOLVING));

        Evolving.write(settings, "scale", "2");
        InProcessCli.Outcome changed = phasor("explain", "--cache", cache, "tail", EVOLVING);
        assertEquals(0, changed.code(), changed::toString);
        assertTrue(changed.out().contains("changed in " + EVOLVING + ": key now "), changed.out());
        assertTrue(changed.out().contains("""
                  input mid: upstream step 'mid' has another key
                    input base: upstream step 'base' has another key
                      params: {"scale":1} -> {"scale":2}
                """), changed.out());
        assertTrue(!changed.out().contains("flaky: upstream"), "flaky did not change: " + changed.out());

        Files.delete(tmp.resolve("cache/evolving/side.step"));
        assertTrue(phasor("explain", "--cache", cache, "side").out().contains("result  none (last state: done)"));
        InProcessCli.Outcome missing = phasor("explain", "--cache", cache, "nope");
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().contains("no step 'nope' in pipeline 'evolving'"), missing.err());
    }
}
