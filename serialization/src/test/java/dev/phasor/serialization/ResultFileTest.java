package dev.phasor.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {

    private static final String KEY = "ab".repeat(32);
    private static final String CODEC = "0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aWriteOvertakenBeforeItsRenameLeavesTheNewerFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("alpha.step");
        byte[] newer = "newer".getBytes(StandardCharsets.UTF_8);
        ResultFile.write(file, KEY, CODEC, newer);
        int[] asked = {0};
        long size = ResultFile.write(file, KEY, CODEC, java.nio.ByteBuffer.wrap("stale".getBytes(StandardCharsets.UTF_8)),
                () -> {
                    asked[0]++;
                    return false;
                });
        assertEquals(-1, size);
        assertEquals(1, asked[0], "the guard is asked once, after the bytes are written");
        assertArrayEquals(newer, ResultFile.readPayload(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the overtaken write's temporary file is removed");
        }
    }

    @Test
    void writtenPayloadReadsBackWithItsHeader() throws IOException {
        Path file = dir.resolve("alpha.step");
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        long size = ResultFile.write(file, KEY, CODEC, payload);
        assertEquals(ResultFile.HEADER_SIZE + 5, size);
        assertArrayEquals(payload, ResultFile.readPayload(file));
        ResultFile.Header header = ResultFile.readHeader(file);
        assertEquals(KEY, header.stepKey());
        assertEquals(CODEC, header.codecFingerprint());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void truncatedFileIsDetected() throws IOException {
        Path file = dir.resolve("t.step");
        ResultFile.write(file, KEY, CODEC, new byte[100]);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(ResultFile.HEADER_SIZE + 40);
        }
        CorruptResultException e = assertThrows(CorruptResultException.class, () -> ResultFile.readPayload(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(file, new byte[10]);
        assertThrows(CorruptResultException.class, () -> ResultFile.readPayload(file));
    }

    @Test
    void everySingleBitFlipIsDetected() throws IOException {
        Path file = dir.resolve("b.step");
        ResultFile.write(file, KEY, CODEC, "payload-bytes".getBytes(StandardCharsets.UTF_8));
        byte[] good = Files.readAllBytes(file);
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(file, bad);
            assertThrows(CorruptResultException.class, () -> ResultFile.readPayload(file), "bit " + bit);
        }
    }

    @Test
    void newerFormatVersionIsRefusedWithAClearMessage() throws IOException {
        Path file = dir.resolve("n.step");
        ResultFile.write(file, KEY, CODEC, new byte[] {1});
        byte[] bytes = Files.readAllBytes(file);
        bytes[5] = 9;
        Files.write(file, bytes);
        CorruptResultException e = assertThrows(CorruptResultException.class, () -> ResultFile.readPayload(file));
        assertTrue(e.getMessage().contains("newer Phasor"), e.getMessage());
    }

    @Test
    void temporaryNamesAreRecognised() throws IOException {
        Path target = dir.resolve("x.step");
        assertTrue(ResultFile.isTemporary(ResultFile.temporarySibling(target)));
        assertEquals(false, ResultFile.isTemporary(target));
    }
}
