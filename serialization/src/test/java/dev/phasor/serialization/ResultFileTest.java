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

    @Test
    void aPayloadWrittenInChunksReadsBackWithItsHeaderWrittenLast() throws IOException {
        Path file = dir.resolve("c.step");
        byte[][] parts = {"first ".getBytes(StandardCharsets.UTF_8), new byte[70_000], "last".getBytes(StandardCharsets.UTF_8)};
        long size = ResultFile.write(file, KEY, CODEC, chunks -> {
            for (int i = 0; i < parts.length; i++) {
                chunks.accept(java.nio.ByteBuffer.wrap(parts[i]), i == parts.length - 1);
            }
        }, () -> true, f -> java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE));
        int total = parts[0].length + parts[1].length + parts[2].length;
        assertEquals(ResultFile.HEADER_SIZE + total, size);
        ResultFile.Contents read = ResultFile.read(file);
        assertEquals(total, read.header().payloadLength());
        assertEquals("last", new String(read.payload(), total - 4, 4, StandardCharsets.UTF_8));
        assertEquals(ResultFile.FORMAT_VERSION, read.header().formatVersion());
    }

    @Test
    void aPayloadThatFailsMidwayLeavesNeitherTheFileNorItsTemporary() throws IOException {
        Path file = dir.resolve("f.step");
        IOException e = assertThrows(IOException.class, () -> ResultFile.write(file, KEY, CODEC, chunks -> {
            chunks.accept(java.nio.ByteBuffer.wrap(new byte[100]), false);
            throw new IOException("disk full (simulated)");
        }, () -> true, f -> java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)));
        assertEquals("disk full (simulated)", e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "nothing left behind");
        }
    }

    /** A cache written before format 2 (checksum over the header, then the payload) stays readable. */
    @Test
    void aFormatOneFileIsStillReadAndItsDamageStillDetected() throws IOException {
        byte[] payload = "written by format 1".getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(ResultFile.HEADER_SIZE + payload.length);
        v1.put("PHSR".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 0)
                .put(java.util.HexFormat.of().parseHex(KEY)).put(java.util.HexFormat.of().parseHex(CODEC))
                .putLong(payload.length);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(v1.array(), 0, ResultFile.HEADER_SIZE - 4);
        crc.update(payload);
        v1.putInt((int) crc.getValue()).put(payload);
        Path file = dir.resolve("v1.step");
        Files.write(file, v1.array());
        ResultFile.Contents read = ResultFile.read(file);
        assertEquals(1, read.header().formatVersion());
        assertArrayEquals(payload, read.payload());
        byte[] damaged = v1.array().clone();
        damaged[damaged.length - 1] ^= 1;
        Files.write(file, damaged);
        CorruptResultException e = assertThrows(CorruptResultException.class, () -> ResultFile.read(file));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
