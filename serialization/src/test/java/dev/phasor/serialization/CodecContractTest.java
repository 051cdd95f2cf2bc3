package dev.phasor.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 10: what the codec writes out of the box, what users register, and what it refuses to read. */
class CodecContractTest {

    record Point(int x, double y, String label) {
    }

    record Shape(String name, List<Point> corners, Map<String, Point> named, Point[] array, Optional<Point> centre) {
    }

    enum Colour { RED, GREEN }

    record Tagged(Colour colour, Set<Colour> others) {
    }

    private final KryoCodec jdk = KryoCodec.jdk();
    private final KryoCodec user = new KryoCodec(TypeRegistry.jdk().with(List.of(Point.class, Point[].class,
            Shape.class, Colour.class, Tagged.class)), getClass().getClassLoader());

    private Object roundTrip(KryoCodec codec, Object value) {
        return codec.decode(codec.encode(value));
    }

    @Test
    void jdkCollectionsRoundTripWithTheirType() {
        List<Object> values = List.of(new ArrayList<>(List.of(1, 2)), new LinkedList<>(List.of("a")),
                new HashMap<>(Map.of("k", 1)), new LinkedHashMap<>(Map.of("k", 1)), new TreeMap<>(Map.of("b", 1, "a", 2)),
                new HashSet<>(Set.of(1)), new LinkedHashSet<>(List.of(3, 1, 2)), new TreeSet<>(Set.of(3, 1)),
                List.of(), List.of(1), List.of(1, 2, 3), Set.of(), Set.of(1), Set.of(1, 2, 3), Map.of(), Map.of("a", 1),
                Map.of("a", 1, "b", 2, "c", 3), Arrays.asList(1, 2), Collections.emptyList(), Collections.emptyMap(),
                Collections.emptySet(), Collections.singletonList(5), Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("u", 1))),
                Collections.unmodifiableSet(new HashSet<>(Set.of("s"))), new ArrayDeque<>(List.of(1, 2)),
                new ConcurrentHashMap<>(Map.of("c", 1)), new CopyOnWriteArrayList<>(List.of(1)),
                Collections.singletonMap("one", 1), Collections.singleton("only"));
        for (Object value : values) {
            Object back = roundTrip(jdk, value);
            if (value instanceof ArrayDeque<?> d) {
                assertEquals(List.copyOf(d), List.copyOf((ArrayDeque<?>) back));
            } else {
                assertEquals(value, back, () -> "round trip of " + value.getClass().getName());
            }
            assertEquals(value.getClass(), back.getClass(), () -> "type of " + value.getClass().getName());
        }
        LinkedHashSet<?> ordered = (LinkedHashSet<?>) roundTrip(jdk, new LinkedHashSet<>(List.of(3, 1, 2)));
        assertEquals(List.of(3, 1, 2), List.copyOf(ordered), "insertion order is kept");
        PriorityQueue<Integer> queue = new PriorityQueue<>(List.of(3, 1, 2));
        assertEquals(1, ((PriorityQueue<?>) roundTrip(jdk, queue)).peek());
    }

    @Test
    void arraysRoundTripPrimitiveBoxedAndNested() {
        assertArrayEquals(new int[] {1, 2}, (int[]) roundTrip(jdk, new int[] {1, 2}));
        assertArrayEquals(new long[] {1L}, (long[]) roundTrip(jdk, new long[] {1L}));
        assertArrayEquals(new boolean[] {true}, (boolean[]) roundTrip(jdk, new boolean[] {true}));
        assertArrayEquals(new char[] {'x'}, (char[]) roundTrip(jdk, new char[] {'x'}));
        assertArrayEquals(new String[] {"a", null}, (String[]) roundTrip(jdk, new String[] {"a", null}));
        assertArrayEquals(new Object[] {1, "a", List.of(2)}, (Object[]) roundTrip(jdk, new Object[] {1, "a", List.of(2)}));
        assertArrayEquals(new Integer[] {1, null, 3}, (Integer[]) roundTrip(jdk, new Integer[] {1, null, 3}));
        assertArrayEquals(new Long[] {1L}, (Long[]) roundTrip(jdk, new Long[] {1L}));
        assertArrayEquals(new Double[] {1.5}, (Double[]) roundTrip(jdk, new Double[] {1.5}));
        assertArrayEquals(new int[][] {{1}, {2, 3}}, (int[][]) roundTrip(jdk, new int[][] {{1}, {2, 3}}));
        assertArrayEquals(new double[][] {{1.5}}, (double[][]) roundTrip(jdk, new double[][] {{1.5}}));
        assertArrayEquals(new long[][] {{1L, 2L}}, (long[][]) roundTrip(jdk, new long[][] {{1L, 2L}}));
        assertArrayEquals(new String[][] {{"a"}, {"b", "c"}}, (String[][]) roundTrip(jdk, new String[][] {{"a"}, {"b", "c"}}));
        assertArrayEquals(new byte[][] {{1}}, (byte[][]) roundTrip(jdk, new byte[][] {{1}}));
        byte[] big = new byte[1 << 20];
        new Random(1).nextBytes(big);
        assertArrayEquals(big, (byte[]) roundTrip(jdk, big));
    }

    @Test
    void jdkValueTypesRoundTrip() {
        List<Object> values = List.of(1, 2L, 3.5d, 4.5f, (short) 5, (byte) 6, 'c', true, "text", "", "ünïcödé ✓",
                new java.math.BigInteger("123456789012345678901234567890"), new java.math.BigDecimal("1.125"),
                LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 1, 2, 3, 4, 5), LocalTime.of(12, 30),
                ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris")),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)), Period.ofDays(3),
                java.time.Instant.ofEpochSecond(1), java.time.Duration.ofSeconds(90), Optional.empty(), Optional.of(1),
                Path.of("/tmp/a b"), new java.io.File("rel/x"), BitSet.valueOf(new long[] {5}));
        for (Object value : values) {
            assertEquals(value, roundTrip(jdk, value), () -> "round trip of " + value.getClass().getName());
        }
        assertNull(roundTrip(jdk, null));
        assertEquals("sb", roundTrip(jdk, new StringBuilder("sb")).toString());
    }

    @Test
    void registeredRecordsRoundTripNestedInCollectionsArraysAndOptionals() {
        Point a = new Point(1, 2.5, "a");
        Point b = new Point(-3, 0, null);
        LinkedHashMap<String, Point> named = new LinkedHashMap<>();
        named.put("first", a);
        Shape shape = new Shape("tri", List.of(a, b), named, new Point[] {b, a}, Optional.of(a));
        Shape back = (Shape) roundTrip(user, shape);
        assertEquals(shape.name(), back.name());
        assertEquals(shape.corners(), back.corners());
        assertEquals(shape.named(), back.named());
        assertArrayEquals(shape.array(), back.array());
        assertEquals(shape.centre(), back.centre());
        assertEquals(List.of(a, b), roundTrip(user, new ArrayList<>(List.of(a, b))));
        Tagged tagged = new Tagged(Colour.RED, new TreeSet<>(Set.of(Colour.GREEN)));
        assertEquals(tagged, roundTrip(user, tagged));
    }

    @Test
    void sharedObjectsStayShared() {
        Point shared = new Point(1, 1, "s");
        @SuppressWarnings("unchecked")
        List<Point> back = (List<Point>) roundTrip(user, new ArrayList<>(List.of(shared, shared)));
        assertSame(back.get(0), back.get(1));
    }

    @Test
    void unregisteredUserTypesAreRefusedOnWriteNamingTheType() {
        CodecException record = assertThrows(CodecException.class, () -> jdk.encode(new Point(1, 1, "p")));
        assertTrue(record.getMessage().contains(Point.class.getName()), record.getMessage());
        assertTrue(record.getMessage().contains("register"), record.getMessage());
        CodecException array = assertThrows(CodecException.class, () -> jdk.encode(new Thread.State[] {}));
        assertTrue(array.getMessage().contains("State[]"), array.getMessage());
    }

    @Test
    void typeKryoCannotRegisterIsRefusedWhenTheCodecIsBuiltNamingIt() {
        CodecException e = assertThrows(CodecException.class,
                () -> new KryoCodec(TypeRegistry.jdk().with(List.of(UUID.class)), getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("java.util.UUID"), e.getMessage());
    }

    @Test
    void fingerprintDependsOnTheRegisteredTypesAndTheirOrder() {
        KryoCodec ab = new KryoCodec(TypeRegistry.jdk().with(List.of(Point.class, Colour.class)), getClass().getClassLoader());
        KryoCodec ba = new KryoCodec(TypeRegistry.jdk().with(List.of(Colour.class, Point.class)), getClass().getClassLoader());
        KryoCodec ab2 = new KryoCodec(TypeRegistry.jdk().with(List.of(Point.class, Colour.class)), getClass().getClassLoader());
        assertEquals(ab.fingerprint(), ab2.fingerprint());
        assertTrue(!ab.fingerprint().equals(ba.fingerprint()));
        assertTrue(ab.fingerprint().matches("[0-9a-f]{16}"), ab.fingerprint());
        assertEquals(List.of(Point.class, Colour.class), ab.registry().extraTypes());
    }

    private static byte[] classByName(String className) {
        // Kryo's wire form for "class written by name": varint NAME + 2 = 1, a name id, then the name.
        Output out = new Output(128, -1);
        out.writeVarInt(1, true);
        out.writeVarInt(0, true);
        out.writeString(className);
        return out.toBytes();
    }

    @Test
    void craftedResultFileNamingAClassOutsideTheAllowListIsRefusedWithoutLoadingIt(@TempDir Path dir) throws Exception {
        assertNull(System.getProperty(Canary.LOADED), "precondition: the canary was never initialised");
        Path file = dir.resolve("evil.step");
        ResultFile.write(file, "ab".repeat(32), jdk.fingerprint(), classByName(Canary.class.getName()));
        byte[] payload = ResultFile.readPayload(file); // the frame is valid: the attack is in the payload
        CodecException e = assertThrows(CodecException.class, () -> jdk.decode(payload));
        assertTrue(e.getMessage().contains("not in the allow-list"), e.getMessage());
        assertTrue(e.getMessage().contains(Canary.class.getName()), e.getMessage());
        assertNull(System.getProperty(Canary.LOADED), "the named class was loaded and initialised");
        // A well-known gadget class is refused the same way, and so is a name inside a collection.
        assertThrows(CodecException.class,
                () -> jdk.decode(classByName("org.apache.commons.collections.functors.InvokerTransformer")));
        Output nested = new Output(128, -1);
        nested.writeBytes(jdk.encode(new ArrayList<>(List.of(1))), 0, 2); // ArrayList's id, then the size 1
        nested.writeBytes(classByName(Canary.class.getName()));
        assertThrows(CodecException.class, () -> jdk.decode(nested.toBytes()));
        assertNull(System.getProperty(Canary.LOADED));
    }

    @Test
    void unknownRegistrationIdIsRefused() {
        Output out = new Output(16, -1);
        out.writeVarInt(10_000, true);
        CodecException e = assertThrows(CodecException.class, () -> jdk.decode(out.toBytes()));
        assertTrue(e.getMessage().contains("cannot decode"), e.getMessage());
    }

    /** Damaged payloads are caught by the result file's checksum; the codec itself must still only say CodecException. */
    @Test
    void garbledBytesOnlyEverFailWithCodecException() {
        Random random = new Random(7);
        List<byte[]> seeds = List.of(jdk.encode(new ArrayList<>(List.of(1, 2, 3))),
                jdk.encode(new HashMap<>(Map.of("a", List.of(1.5)))), jdk.encode(new int[] {1, 2, 3}),
                jdk.encode(new TreeMap<>(Map.of("x", 1))), jdk.encode(Optional.of("x")),
                jdk.encode(LocalDate.of(2020, 1, 1)), jdk.encode(new TreeSet<>(Set.of("a", "b"))));
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = seeds.get(random.nextInt(seeds.size())).clone();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            try {
                jdk.decode(bytes);
            } catch (CodecException expected) {
                // the only failure the Codec contract allows
            } catch (OutOfMemoryError tooLarge) {
                // a garbled length may ask for a huge array; the checksum keeps such bytes from the codec
            } catch (RuntimeException e) {
                throw new AssertionError("decode leaked " + e + " for " + Arrays.toString(bytes), e);
            }
        }
    }

    @Test
    void codecIsSafeToShareBetweenThreads() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        Point p = new Point(seed, i, "t" + seed);
                        assertEquals(p, user.decode(user.encode(p)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(List.of(), failures);
    }
}
