package dev.phasor.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy-free paths (encode into a reused direct buffer, read into one) give the same bytes and values. */
class DirectBufferPathTest {

    record Point(int x, double y, String label) {
    }

    private static final String KEY = "cd".repeat(32);
    private final KryoCodec codec = new KryoCodec(TypeRegistry.jdk().with(List.of(Point.class)),
            getClass().getClassLoader());

    @TempDir
    Path dir;

    private static byte[] filled(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static List<Object> values() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1L);
        map.put("b", List.of("x", "y"));
        return Arrays.asList(null, 42, -7L, 3.25, "h\u00e9llo", new Point(1, 2.5, "p"), List.of(1, 2, 3), map,
                filled(10, 1), filled(1 << 20, 2), filled((5 << 20) + 3, 3), new int[] {1, -2, 3});
    }

    @Test
    void encodingIntoTheSinkGivesTheBytesOfEncode() throws IOException {
        for (Object v : values()) {
            byte[] viaSink = codec.encode(v, encoded -> {
                assertTrue(encoded.isDirect(), "encoded into a direct buffer");
                byte[] copy = new byte[encoded.remaining()];
                encoded.get(copy);
                return copy;
            });
            assertArrayEquals(codec.encode(v), viaSink, String.valueOf(v));
        }
    }

    @Test
    void decodingABufferGivesTheValueOfDecode() {
        for (Object v : values()) {
            byte[] bytes = codec.encode(v);
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 8);
            direct.position(8);
            direct.put(bytes).flip().position(8);
            Object decoded = codec.decode(direct);
            assertEquals(0, direct.remaining(), "the buffer is consumed");
            if (v instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) decoded);
            } else if (v instanceof int[] a) {
                assertArrayEquals(a, (int[]) decoded);
            } else {
                assertEquals(v, decoded);
            }
        }
    }

    @Test
    void trailingBytesInABufferAreRefused() {
        byte[] bytes = codec.encode("x");
        ByteBuffer withTrail = ByteBuffer.allocateDirect(bytes.length + 1).put(bytes).put((byte) 0).flip();
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(withTrail));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void aFileWrittenFromADirectBufferReadsBackByEitherReader() throws IOException {
        for (int size : new int[] {1, 4095, 4097, 1 << 20, (4 << 20) + 1, 9 << 20}) { // pooled, grown, past the pool
            byte[] payload = filled(size, size);
            ByteBuffer direct = ByteBuffer.allocateDirect(size).put(payload).flip();
            Path file = dir.resolve("s" + size + ".step");
            assertEquals(ResultFile.HEADER_SIZE + (long) size, ResultFile.write(file, KEY, "0123456789abcdef", direct));
            assertEquals(size, direct.remaining(), "the caller's buffer is left as it was");
            assertArrayEquals(payload, ResultFile.readPayload(file));
            byte[] viaReader = ResultFile.read(file, (header, bytes) -> {
                assertEquals(KEY, header.stepKey());
                assertEquals(size, header.payloadLength());
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                return copy;
            });
            assertArrayEquals(payload, viaReader, "size " + size);
        }
    }

    @Test
    void aDamagedFileIsDetectedByTheBufferReader() throws IOException {
        Path file = dir.resolve("d.step");
        ResultFile.write(file, KEY, "0123456789abcdef", filled(1 << 20, 9));
        byte[] good = Files.readAllBytes(file);
        for (int at : new int[] {0, 10, ResultFile.HEADER_SIZE - 1, ResultFile.HEADER_SIZE, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 1;
            Files.write(file, bad);
            assertThrows(CorruptResultException.class, () -> ResultFile.read(file, (h, p) -> p), "byte " + at);
        }
        Files.write(file, Arrays.copyOf(good, good.length - 1));
        assertThrows(CorruptResultException.class, () -> ResultFile.read(file, (h, p) -> p));
    }

    /**
     * A crafted length (an array announcing 2^31 - 16 elements behind a few bytes) is refused on the direct
     * buffer the runner reads results into, as on the array path, instead of asking the heap for it.
     */
    @Test
    void aCraftedLengthIsRefusedOnBothPathsWithoutAllocatingIt() {
        byte[] empty = codec.encode(new byte[0]); // ... then the length + 1 as a varint: 0x01
        assertEquals(1, empty[empty.length - 1]);
        byte[] crafted = Arrays.copyOf(empty, empty.length + 8);
        int at = empty.length - 1;
        byte[] huge = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}; // varint 2^31 - 16
        System.arraycopy(huge, 0, crafted, at, huge.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(crafted.length).put(crafted).flip();
        for (Runnable decode : List.<Runnable>of(() -> codec.decode(crafted), () -> codec.decode(direct.duplicate()),
                () -> codec.decode(ByteBuffer.wrap(crafted)))) {
            CodecException e = assertThrows(CodecException.class, decode::run);
            assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        }
    }
}
