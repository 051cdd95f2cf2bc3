package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Dynamic;
import dev.phasor.testkit.InProcessCli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phasor plan} on a dynamic pipeline: the defined steps, then also the generated ones once cached. */
class DynamicPlanTest {

    @TempDir
    Path tmp;

    @Test
    void planSaysWhatIsGeneratedLaterAndListsCachedGeneratedSteps() {
        String cache = tmp.resolve("cache").toString();
        InProcessCli.Outcome before = CliTest.phasor("plan", Dynamic.class.getName(), "--cache", cache);
        assertEquals(ExitCodes.OK, before.code(), before::toString);
        assertTrue(before.out().contains("more steps are generated at run time by generate, write_files"), before::toString);
        assertFalse(before.out().contains("square.1"), before::toString);

        assertEquals(ExitCodes.OK, CliTest.phasor("run", Dynamic.class.getName(), "--cache", cache, "-q").code());
        InProcessCli.Outcome after = CliTest.phasor("plan", Dynamic.class.getName(), "--cache", cache);

        assertEquals(ExitCodes.OK, after.code(), after::toString);
        assertTrue(after.out().contains("  cached   square.1 <- generate"), after::toString);
        assertTrue(after.out().contains("  cached   total <- square.1, square.2"), after::toString);
        assertFalse(after.out().contains("generated at run time"), after::toString);
    }
}
