package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** bin/mpjrun.sh refuses what cannot work before any MPJ process starts: exit 64, a message naming the fix. */
@Timeout(120)
class MpjRunRefusalTest {

    @TempDir
    Path work;

    @Test
    void aCpWithoutPhasorsJarsIsRefusedPointingToPhasorClasspath() throws Exception {
        Path mine = Files.writeString(work.resolve("my.jar"), "");
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());

        MpjLauncher.Result r = launcher.start(work, List.of("-np", "2", "-cp", mine.toString()), List.of(),
                "my.Pipeline").await(90);

        assertEquals(64, r.exitCode(), r::toString);
        assertTrue(r.err().contains("mpjrun: -cp replaces Phasor's own jars, and it does not hold the ranks' main class"
                + " dev.phasor.cluster.mpj.MpjMain"), r::toString);
        assertTrue(r.err().contains("PHASOR_CLASSPATH=your.jar"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
        try (Stream<Path> left = Files.list(work.resolve("tmp"))) {
            assertTrue(left.findAny().isEmpty(), "no job directory was made");
        }
    }

    @Test
    void theUsageIsPrintedWithDashHAndABadOptionExits64() throws Exception {
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());
        String cp = MpjLauncher.testClassPath();

        MpjLauncher.Result help = launcher.start(work, List.of("-cp", cp, "-h"), List.of(), "x.Y").await(90);
        MpjLauncher.Result bad = launcher.start(work, List.of("-cp", cp, "-np", "zero"), List.of(), "x.Y").await(90);

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().startsWith("usage: bin/mpjrun.sh [-np N]"), help::toString);
        assertEquals(64, bad.exitCode(), bad::toString);
        assertEquals("mpjrun: -np must be a whole number, got 'zero'\nmpjrun: try: bin/mpjrun.sh -h\n", bad.err());
    }
}
