package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.Trio;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 6: a damaged result file is detected, never loaded, and its step runs again. */
class DamagedResultsTest {

    @TempDir
    Path cache;

    private CacheLayout layout;
    private PreparedPipeline prepared;

    @BeforeEach
    void runOnce() {
        RunReport first = Phasor.runner().cache(cache).run(Trio.class);
        assertEquals(0, first.exitCode());
        layout = first.layout();
        prepared = PreparedPipeline.prepare(new Trio().define(), getClass().getClassLoader(), cache);
        assertTrue(prepared.results().isValid("a", prepared.key("a")));
    }

    private void assertDetectedAndRecomputed(String damage) {
        assertFalse(prepared.results().isValid("a", prepared.key("a")), damage + " not detected");
        ResultUnavailableException e = assertThrows(ResultUnavailableException.class,
                () -> CacheReader.open(cache, "trio").result("a"));
        assertTrue(e.getMessage().contains("step 'a'") && e.getMessage().contains("damaged"), e.getMessage());

        RunReport next = Phasor.runner().cache(cache).run(Trio.class);
        assertEquals(1, next.executed(), "only the damaged step runs again");
        assertEquals("ran", next.status("a").run());
        assertEquals(9, next.result("a"));
        assertEquals(1.125, next.result("c"));
        assertTrue(prepared.results().isValid("a", prepared.key("a")));
        assertEquals(9, CacheReader.open(cache, "trio").result("a"));
    }

    @Test
    void truncatedResultFileIsDetectedAndItsStepReRuns() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(layout.resultFile("a").toFile(), "rw")) {
            raf.setLength(raf.length() - 1);
        }
        assertDetectedAndRecomputed("truncation");
    }

    @Test
    void resultFileCutInsideItsHeaderIsDetected() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(layout.resultFile("a").toFile(), "rw")) {
            raf.setLength(10);
        }
        assertDetectedAndRecomputed("truncation inside the header");
    }

    @Test
    void emptyResultFileIsDetected() throws Exception {
        Files.write(layout.resultFile("a"), new byte[0]);
        assertDetectedAndRecomputed("an empty file");
    }

    @Test
    void bitFlippedPayloadIsDetectedAndItsStepReRuns() throws Exception {
        byte[] bytes = Files.readAllBytes(layout.resultFile("a"));
        bytes[bytes.length - 1] ^= 0x10;
        Files.write(layout.resultFile("a"), bytes);
        assertDetectedAndRecomputed("a flipped payload bit");
    }

    @Test
    void bitFlippedHeaderIsDetected() throws Exception {
        byte[] bytes = Files.readAllBytes(layout.resultFile("a"));
        bytes[20] ^= 0x01; // inside the step key
        Files.write(layout.resultFile("a"), bytes);
        assertDetectedAndRecomputed("a flipped header bit");
    }

    @Test
    void resultOfAnotherStepCopiedInPlaceIsNotTakenForThisOne() throws Exception {
        Files.copy(layout.resultFile("b"), layout.resultFile("a"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertDetectedAndRecomputed("another step's valid file");
    }

    @Test
    void temporaryFilesLeftByACrashAreRemovedAndNeverRead() throws Exception {
        // A crash between writing and renaming: the only copy of a's result is in a temporary file.
        Path tmp = layout.dir().resolve(".a.step.5f3e2a1b9c8d7e6f.tmp");
        Files.move(layout.resultFile("a"), tmp);
        Path logTmp = layout.logsDir().resolve(".a.log.0123456789abcdef.tmp");
        Files.writeString(logTmp, "half a log");
        Path statusTmp = layout.dir().resolve(".c.status.42.tmp");
        Files.writeString(statusTmp, "{\"status\":");
        Path userFile = layout.dir().resolve("notes.tmp");
        Files.writeString(userFile, "not Phasor's: kept");

        ResultUnavailableException e = assertThrows(ResultUnavailableException.class,
                () -> CacheReader.open(cache, "trio").result("a"));
        assertTrue(e.getMessage().contains("no result"), e.getMessage());

        RunReport next = Phasor.runner().cache(cache).run(Trio.class);
        assertEquals(1, next.executed());
        assertEquals("ran", next.status("a").run());
        assertFalse(Files.exists(tmp));
        assertFalse(Files.exists(logTmp));
        assertFalse(Files.exists(statusTmp));
        assertTrue(Files.exists(userFile));
        assertEquals(1.125, next.result("c"));
    }
}
