package dev.phasor.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KryoCodecTest {

    record Point(int x, double y, String label) {
    }

    record Cloud(List<Point> points, Map<String, Integer> counts) {
    }

    static final class Unregistered {
        int value = 7;
    }

    private final KryoCodec jdk = KryoCodec.jdk();
    private final KryoCodec withRecords = new KryoCodec(
            TypeRegistry.jdk().with(List.of(Point.class, Cloud.class)), getClass().getClassLoader());

    @Test
    void aLargeValueIsEncodedAndDecodedThroughChunksOfOneBufferSizeNotAsOneBufferOfItsSize() throws Exception {
        byte[] block = new byte[(10 << 20) + 5];
        Arrays.fill(block, (byte) 7);
        block[block.length - 1] = 9;
        List<Integer> chunkSizes = new ArrayList<>();
        List<Boolean> lasts = new ArrayList<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        jdk.encode(block, (chunk, last) -> {
            assertTrue(chunk.isDirect(), "a direct buffer a file channel writes as it is");
            assertTrue(chunk.capacity() <= KryoCodec.CHUNK, "one fixed buffer, not one of the value's size: "
                    + chunk.capacity());
            chunkSizes.add(chunk.remaining());
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            all.write(copy);
            lasts.add(last);
        });
        assertEquals(11, chunkSizes.size(), "10 MiB and a few bytes in 1 MiB chunks: " + chunkSizes);
        assertEquals(List.of(true), lasts.subList(10, 11), "the chunk ending the value says so");
        assertTrue(lasts.subList(0, 10).stream().noneMatch(l -> l), "and no other: " + lasts);
        assertArrayEquals(jdk.encode(block), all.toByteArray(), "the same bytes as encode");
        byte[] bytes = all.toByteArray();
        Object decoded = jdk.decode(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(bytes)),
                bytes.length);
        assertArrayEquals(block, (byte[]) decoded);
        double[] values = new double[3 << 20];
        values[values.length - 1] = 2.5;
        byte[] encoded = jdk.encode(values);
        assertArrayEquals(values, (double[]) jdk.decode(
                java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(encoded)), encoded.length));
    }

    @Test
    void jdkValuesCollectionsAndArraysRoundTrip() {
        List<Object> values = List.of(42, 3.5d, "text", true, 'c', 7L, new BigDecimal("1.125"),
                Instant.ofEpochSecond(1_700_000_000L), Duration.ofMillis(1500), Optional.of("x"),
                List.of(1, 2, 3), List.of(), Set.of("a"), Map.of("k", 1), new ArrayList<>(List.of(1, 2)),
                new TreeMap<>(Map.of("b", 2, "a", 1)), Arrays.asList(1, 2), Collections.emptyList(),
                Collections.unmodifiableList(new ArrayList<>(List.of("u"))), Path.of("/tmp/x.txt"));
        for (Object value : values) {
            assertEquals(value, jdk.decode(jdk.encode(value)), () -> "round trip of " + value.getClass());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) jdk.decode(jdk.encode(new byte[] {1, 2, 3})));
        assertArrayEquals(new double[] {1.5, 2.5}, (double[]) jdk.decode(jdk.encode(new double[] {1.5, 2.5})));
        assertEquals(null, jdk.decode(jdk.encode(null)));
    }

    @Test
    void registeredRecordsRoundTrip() {
        LinkedHashMap<String, Integer> counts = new LinkedHashMap<>();
        counts.put("z", 1);
        counts.put("a", 2);
        Cloud cloud = new Cloud(List.of(new Point(1, 2.5, "p")), counts);
        assertEquals(cloud, withRecords.decode(withRecords.encode(cloud)));
    }

    @Test
    void unregisteredClassCannotBeEncodedAndTheMessageNamesIt() {
        CodecException e = assertThrows(CodecException.class, () -> jdk.encode(new Unregistered()));
        assertTrue(e.getMessage().contains(Unregistered.class.getName()), e.getMessage());
        CodecException inList = assertThrows(CodecException.class, () -> jdk.encode(List.of(new Point(1, 1, "a"))));
        assertTrue(inList.getMessage().contains("Point"), inList.getMessage());
    }

    @Test
    void bytesWrittenWithOtherRegistrationsAreRefusedOrDiffer() {
        assertNotEquals(jdk.fingerprint(), withRecords.fingerprint());
        byte[] bytes = withRecords.encode(new Point(1, 2, "p"));
        assertThrows(CodecException.class, () -> jdk.decode(bytes));
    }

    @Test
    void aClassNameInTheStreamIsRefusedBeforeLoadingIt() {
        // Kryo's wire form for "class by name": varint NAME+2 (=1), name id, then the class name.
        Output out = new Output(64, -1);
        out.writeVarInt(1, true);
        out.writeVarInt(0, true);
        out.writeString("dev.phasor.serialization.NeverLoaded");
        CodecException e = assertThrows(CodecException.class, () -> jdk.decode(out.toBytes()));
        assertTrue(e.getMessage().contains("not in the allow-list"), e.getMessage());
        assertTrue(e.getMessage().contains("NeverLoaded"), e.getMessage());
    }

    @Test
    void trailingGarbageIsRefused() {
        byte[] ok = jdk.encode("abc");
        byte[] longer = Arrays.copyOf(ok, ok.length + 3);
        assertThrows(CodecException.class, () -> jdk.decode(longer));
    }
}
