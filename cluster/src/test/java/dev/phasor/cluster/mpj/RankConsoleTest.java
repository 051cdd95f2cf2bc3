package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a rank's CLI prints to the job's console. */
class RankConsoleTest {

    private static final String USAGE_ERROR = "phasor: Unknown option: '--eagr'\nDid you mean: --eager?\n"
            + "Try 'phasor run --help' for more information.\n";

    @Test
    void aWorkersUsageErrorReportedElsewhereIsDroppedWithItsHintLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RankConsole console = new RankConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1);
        PrintWriter err = new PrintWriter(console, true);
        err.print(USAGE_ERROR);
        err.flush();
        console.close();
        console.release(false); // the error reached rank 0 and the launcher: the console says it once

        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        assertEquals("Unknown option: '--eagr'", console.firstError());
    }

    @Test
    void aWorkersHeldErrorIsPrintedWholeAndInOrderWhenReleased() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RankConsole console = new RankConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2);
        PrintWriter err = new PrintWriter(console, true);
        err.print(USAGE_ERROR);
        err.flush();
        console.close();
        console.release(true);

        assertEquals(("rank 2: phasor: Unknown option: '--eagr'\nrank 2: Did you mean: --eager?\n"
                + "rank 2: Try 'phasor run --help' for more information.\n").replace("\n", System.lineSeparator()),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rankZeroPrintsItsUsageErrorAtOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RankConsole console = new RankConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0);
        PrintWriter err = new PrintWriter(console, true);
        err.print(USAGE_ERROR);
        err.flush();

        assertEquals(USAGE_ERROR.replace("\n", System.lineSeparator()), bytes.toString(StandardCharsets.UTF_8));
    }
}
