package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conducto's serial pair of Leibniz steps. */
class LeibnizPiTest {

    @TempDir
    Path cache;

    @Test
    void runsLeibniz1ThenLeibniz2AndBothGiveTheSameSum() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(LeibnizPi.class);
        assertEquals(0, report.exitCode(), report::summary);
        double first = (Double) report.result("Leibniz1");
        double second = (Double) report.result("Leibniz2");
        assertEquals(first, second, 0.0);
        assertEquals(LeibnizPi.leibniz(Params.of("n", LeibnizPi.TERMS)), first, 0.0);
        assertTrue(Math.abs(first - Math.PI) < 2.0 / LeibnizPi.TERMS, "π estimate " + first);
        assertEquals(0, report.status("Leibniz1").phase());
        assertEquals(1, report.status("Leibniz2").phase(), "Leibniz2 runs after Leibniz1, as in a co.Serial");
    }

    @Test
    void prettyShowsTheJavaCallsAsConductoShowsPythonOnes() {
        assertEquals("""
                /
                ├─0 Leibniz1   LeibnizPi::leibniz --n=10000000
                └─1 Leibniz2   LeibnizPi::leibniz --n=10000000""", LeibnizPi.computePi(LeibnizPi.TERMS).pretty());
    }
}
