package dev.phasor.serialization;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue 7.3: the result-file reader and the codec behind it, fuzzed with Jazzer.
 *
 * <p>In the default test run each method replays its stored inputs (the seed corpus and every crash found
 * so far) from {@code src/test/resources/dev/phasor/serialization/ResultFileFuzzTestInputs/<method>/}; with
 * {@code -Pfuzz} (scripts/fuzz.sh) it generates new inputs for {@code maxDuration}. The contract: whatever
 * the bytes, reading refuses them with {@link CorruptResultException} or {@link CodecException}, or returns
 * a value; it never throws anything else, never runs out of memory, and never loads a class outside the
 * allow-list ({@link Canary} stands for one).
 */
class ResultFileFuzzTest {

    private static final String KEY = "ab".repeat(32);
    private static final KryoCodec CODEC = KryoCodec.jdk();
    private static final Path DIR = tempDir();

    /** Any bytes at all under a result file's name: the frame check must refuse what is not a valid file. */
    @FuzzTest(maxDuration = "3m")
    void anyFileIsReadOrRefused(byte[] data) throws IOException {
        Path file = DIR.resolve("any.step");
        Files.write(file, data);
        readAndDecode(file);
    }

    /**
     * Any payload behind a valid frame (right length and checksum), as a crafted file would be: only the
     * codec's allow-list and its own checks stand between these bytes and the JVM.
     */
    @FuzzTest(maxDuration = "3m")
    void anyPayloadInAValidFrameIsDecodedOrRefused(byte[] payload) throws IOException {
        Path file = DIR.resolve("framed.step");
        Files.deleteIfExists(file);
        ResultFile.write(file, KEY, CODEC.fingerprint(), payload);
        readAndDecode(file);
    }

    /** Both read paths: into an array of its own, and streamed through the reused direct buffer (ResultStore.read). */
    private static void readAndDecode(Path file) throws IOException {
        try {
            byte[] payload = ResultFile.readPayload(file);
            CODEC.decode(payload);
        } catch (CorruptResultException | CodecException refused) {
            // the two ways the contract allows a damaged or crafted file to be refused
        }
        try {
            ResultFile.read(file, (header, payload) -> CODEC.decode(payload, header.payloadLength()));
        } catch (CorruptResultException | CodecException refused) {
            // same contract on the streamed path
        }
        assertNull(System.getProperty(Canary.LOADED), "a class outside the allow-list was initialised");
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("phasor-fuzz-result");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
