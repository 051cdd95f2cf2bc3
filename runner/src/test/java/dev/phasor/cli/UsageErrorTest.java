package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Trio;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a usage error prints the error, a suggestion when one is close, and one line pointing to
 * {@code --help}, never the whole usage text; it exits 2 everywhere. List options take one value each.
 */
class UsageErrorTest {

    @TempDir
    Path tmp;

    private String cache() {
        return tmp.resolve("cache").toString();
    }

    private static void assertShortUsageError(Outcome o, String command, String error) {
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains(error), o.err());
        assertTrue(o.err().strip().endsWith("Try '" + command + " --help' for more information."), o.err());
        assertFalse(o.err().contains("Usage:"), () -> "no usage dump under the error:\n" + o.err());
        assertTrue(o.err().lines().count() <= 3, () -> "at most the error, a suggestion and the pointer:\n" + o.err());
    }

    @Test
    void aBadFlagGetsTheErrorASuggestionAndOneLinePointingToHelp() {
        Outcome o = InProcessCli.phasor("run", Trio.class.getName(), "--cache", cache(), "--eagr");
        assertShortUsageError(o, "phasor run", "Unknown option: '--eagr'");
        assertTrue(o.err().contains("Did you mean: --eager?"), o.err());
    }

    @Test
    void aWrongStepNameForResultOrExplainSuggestsTheClosestStep() {
        InProcessCli.phasor("run", Failing.class.getName(), "--cache", cache(), "-q");
        Outcome o = InProcessCli.phasor("result", "--cache", cache(), "ok_33");
        assertShortUsageError(o, "phasor result", "pipeline 'failing' has no step 'ok_33'; did you mean 'ok_3'?");
        Outcome explain = InProcessCli.phasor("explain", "--cache", cache(), "mixd");
        assertShortUsageError(explain, "phasor explain", "; did you mean 'mixed'?");
    }

    @Test
    void aBadValueAndAMissingClassArePointedToHelpToo() {
        assertShortUsageError(InProcessCli.phasor("run", Trio.class.getName(), "--threads", "many"), "phasor run",
                "'many'");
        assertShortUsageError(InProcessCli.phasor("run", "--cache", cache()), "phasor run", "missing pipeline class");
        assertShortUsageError(InProcessCli.phasor("nosuchcommand"), "phasor", "Unmatched argument");
    }

    @Test
    void anInvalidDefinitionExitsTwoWithoutPointingToHelpSinceTheCodeIsWrongNotTheCommand() {
        Outcome o = InProcessCli.phasor("run", CliTest.Cyclic.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("cycl"), o.err());
        assertFalse(o.err().contains("--help"), o.err());
    }

    @Test
    void aCacheHoldingSeveralPipelinesIsAUsageErrorNamingThemForEveryCommandThatReadsIt() {
        InProcessCli.phasor("run", Trio.class.getName(), "--cache", cache(), "-q");
        InProcessCli.phasor("run", Failing.class.getName(), "--cache", cache(), "-q");
        for (List<String> command : List.of(List.of("status"), List.of("result", "c"), List.of("explain", "c"),
                List.of("graph"), List.of("plan"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--cache", cache()));
            Outcome o = InProcessCli.phasor(args.toArray(String[]::new));
            assertShortUsageError(o, "phasor " + command.get(0), "holds several pipelines [failing, trio]; choose"
                    + " one with --pipeline");
        }
    }

    @Test
    void listOptionsTakeOneValueEachSoTheClassAfterThemIsNotSwallowed() {
        String trio = Trio.class.getName();
        assertEquals(ExitCodes.OK, InProcessCli.phasor("run", trio, "--cache", cache(), "-q").code());
        Outcome rerun = InProcessCli.phasor("run", "--rerun", "a", trio, "--cache", cache());
        assertEquals(ExitCodes.OK, rerun.code(), rerun::toString);
        assertTrue(rerun.out().contains("(2 ran, 1 cached)"), rerun.out()); // a and its downstream c
        Outcome both = InProcessCli.phasor("run", "--rerun", "a,b", "--until", "c", trio, "--cache", cache());
        assertEquals(ExitCodes.OK, both.code(), both::toString);
        assertTrue(both.out().contains("(2 ran, 0 cached), 0 failed, 0 skipped, 1 pending"), both.out());
    }
}
