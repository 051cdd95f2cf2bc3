package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 64 seeded sampling steps and a reduction: a repeatable π, whatever ran where. */
class MonteCarloPiTest {

    /** What the seeds give; any change to the seeds, the sample count or the sampling changes it. */
    private static final double PINNED_PI = 3.141733875;

    @TempDir
    Path cache;

    @Test
    void estimatesPiExactlyAsPinnedAndResumesWithoutSampling() {
        RunReport first = Phasor.runner().cache(cache).threads(4).run(MonteCarloPi.class);
        assertEquals(0, first.exitCode(), first::summary);
        assertEquals(MonteCarloPi.STEPS + 1, first.executed());
        double pi = (Double) first.result("pi");
        assertEquals(PINNED_PI, pi, 0.0);
        assertTrue(Math.abs(pi - Math.PI) < 1e-3, "π estimate " + pi);
        assertEquals(0, first.status("sample_63").phase());
        assertEquals(1, first.status("pi").phase());

        RunReport second = Phasor.runner().cache(cache).threads(1).run(MonteCarloPi.class);
        assertEquals(0, second.executed());
        assertEquals(pi, (Double) second.result("pi"), 0.0);
    }
}
