package dev.phasor.cli;

import static dev.phasor.cli.CliTest.phasor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.testkit.Failing;
import dev.phasor.testkit.InProcessCli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, point 6: when output is not a terminal, progress is plain lines (no bar, no escape codes). */
class PlainProgressTest {

    @TempDir
    Path tmp;

    @Test
    void withoutATerminalAutoPrintsPlainLinesPerPhaseAndFailure() {
        for (String mode : new String[] {"auto", "plain"}) {
            InProcessCli.Outcome r = phasor("run", Failing.class.getName(), "--cache", tmp.resolve(mode).toString(),
                    "--progress", mode);
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.out().startsWith("phasor: pipeline failing, 7 steps in 3 phases, backend local"), r.out());
            assertTrue(r.out().contains("\nphase 0: 2 steps (2 to run, 0 cached, 0 skipped)\n"), r.out());
            assertTrue(r.out().contains("\nphase 1: 3 steps (1 to run, 0 cached, 2 skipped)\n"), r.out());
            assertTrue(r.out().contains("  FAILED boom on local:thread-"), r.out());
            assertTrue(r.out().contains("\nphase 2 finished in "), r.out());
            assertFalse(r.out().contains("\u001b"), "no terminal escape codes in plain mode:\n" + r.out());
            assertFalse(r.out().contains("["), "no bar in plain mode:\n" + r.out());
        }
    }

    @Test
    void askingForTheBarWithoutATerminalIsAUsageError() {
        InProcessCli.Outcome r = phasor("run", Failing.class.getName(), "--cache", tmp.resolve("c").toString(),
                "--progress", "bar");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--progress bar needs a terminal"), r::toString);
    }
}
