package dev.phasor.bench.jmh;

import dev.phasor.serialization.KryoCodec;
import dev.phasor.serialization.TypeRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The result codec ({@link KryoCodec}, as every step result goes through it) on three shapes: a small
 * record, a 1 MiB {@code byte[]} and a list of 100,000 boxed longs. Throughput in operations per second;
 * MB/s is ops/s times the encoded size (printed at setup), see docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBench {

    /** A small result as a step might return one. */
    public record Sample(int id, String name, double score, long when) {
    }

    @Param({"record", "bytes1MiB", "list100k"})
    public String shape;

    private KryoCodec codec;
    private Object value;
    private byte[] encoded;
    /** Size of one encoded value, for MB/s. */
    private int encodedBytes;
    private Object lastDecoded;

    @Setup(Level.Trial)
    public void setUp() {
        codec = new KryoCodec(TypeRegistry.jdk().with(List.of(Sample.class)), CodecBench.class.getClassLoader());
        value = switch (shape) {
            case "record" -> new Sample(42, "alpha", 1.125, 1_700_000_000_000L);
            case "bytes1MiB" -> {
                byte[] b = new byte[1 << 20];
                new SplittableRandom(1).nextBytes(b);
                yield b;
            }
            case "list100k" -> {
                List<Long> l = new ArrayList<>(100_000);
                for (long i = 0; i < 100_000; i++) {
                    l.add(i * 31);
                }
                yield l;
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
        encoded = codec.encode(value);
        encodedBytes = encoded.length;
        check(codec.decode(encoded));
        System.out.println("# codec " + shape + ": " + encodedBytes + " encoded bytes");
    }

    @TearDown(Level.Trial)
    public void checkLastRoundTrip() {
        if (lastDecoded != null) {
            check(lastDecoded);
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(value);
    }

    @Benchmark
    public Object decode() {
        return lastDecoded = codec.decode(encoded);
    }

    @Benchmark
    public Object roundTrip() {
        return lastDecoded = codec.decode(codec.encode(value));
    }

    private void check(Object decoded) {
        boolean same = value instanceof byte[] b ? Arrays.equals(b, (byte[]) decoded) : Objects.equals(value, decoded);
        if (!same) {
            throw new IllegalStateException("codec round trip of " + shape + " gave back different data");
        }
    }
}
