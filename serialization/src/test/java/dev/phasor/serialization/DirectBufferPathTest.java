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

/**
 * The chunked paths (encode through a reused direct buffer, decode from a channel through another) give the
 * same bytes and values as the array paths, whatever the chunk boundaries cut.
 */
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
    void encodingInChunksGivesTheBytesOfEncode() throws IOException {
        List<Object> values = new java.util.ArrayList<>(values());
        values.add("x".repeat(3 << 20)); // strings longer than a chunk, ASCII and not
        values.add("\u00e9t\u00e9 ".repeat(400_000));
        for (Object v : values) {
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            codec.encode(v, (chunk, last) -> {
                assertTrue(chunk.isDirect(), "encoded into a direct buffer");
                byte[] copy = new byte[chunk.remaining()];
                chunk.get(copy);
                joined.write(copy);
            });
            assertArrayEquals(codec.encode(v), joined.toByteArray(), String.valueOf(v));
        }
    }

    /** A channel that hands over at most {@code step} bytes a read, so chunk boundaries fall everywhere. */
    private static java.nio.channels.ReadableByteChannel trickle(byte[] bytes, int step) {
        return new java.nio.channels.ReadableByteChannel() {
            private int at;

            @Override
            public int read(ByteBuffer dst) {
                if (at == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(step, dst.remaining()), bytes.length - at);
                dst.put(bytes, at, n);
                at += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void decodingFromAChannelGivesTheValueOfDecodeWhereverItsReadsEnd() throws IOException {
        List<Object> values = new java.util.ArrayList<>(values());
        values.add("\u00e9t\u00e9 ".repeat(400_000)); // a non-ASCII string longer than a chunk
        values.add(java.util.stream.IntStream.range(0, 200_000).mapToObj(i -> "s" + i).toList());
        for (int step : new int[] {1, 3, 4096, Integer.MAX_VALUE}) {
            for (Object v : values) {
                byte[] bytes = codec.encode(v);
                if (step < 4096 && bytes.length > 64 << 10) {
                    continue; // megabytes a few bytes at a time prove nothing more than 4 KiB at a time, slowly
                }
                Object decoded = codec.decode(trickle(bytes, step), bytes.length);
                assertEquals(normalised(v), normalised(decoded), "reads of " + step + ": " + describe(v));
            }
        }
    }

    private static Object normalised(Object v) {
        if (v instanceof byte[] b) {
            return Arrays.toString(b);
        }
        return v instanceof int[] a ? Arrays.toString(a) : v;
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName();
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
                ByteBuffer copy = ByteBuffer.allocate(size);
                while (bytes.read(copy) >= 0) {
                    assertTrue(copy.position() <= size, "the channel ends at the payload's end");
                }
                return copy.array();
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
                () -> codec.decode(ByteBuffer.wrap(crafted)), () -> decodeFromChannel(crafted))) {
            CodecException e = assertThrows(CodecException.class, decode::run);
            assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        }
    }

    private Object decodeFromChannel(byte[] bytes) {
        try {
            return codec.decode(trickle(bytes, 4096), bytes.length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
