package dev.phasor.bench.jmh;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.ResultStore;
import dev.phasor.serialization.KryoCodec;
import dev.phasor.serialization.TypeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A small result through the cache as a step's is: encode + framed, checksummed write to a temporary file
 * renamed into place ({@link ResultStore#write}), and the checked read + decode ({@link ResultStore#read}).
 * On a temporary directory (page cache; the disk is not synced, as Phasor does not sync).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResultFileBench {

    private static final String KEY = "ab".repeat(32);
    private Path dir;
    private ResultStore store;
    private CodecBench.Sample value;
    private Object lastRead;
    private byte[] rawBytes;
    private long rawCounter;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("phasor-jmh-results-");
        CacheLayout layout = new CacheLayout(dir, "bench");
        layout.create();
        KryoCodec codec = new KryoCodec(TypeRegistry.jdk().with(List.of(CodecBench.Sample.class)),
                ResultFileBench.class.getClassLoader());
        store = new ResultStore(layout, codec);
        value = new CodecBench.Sample(7, "result", 2.5, 123L);
        long size = store.write("read-me", KEY, store.encode(value));
        rawBytes = new byte[(int) size]; // header + payload: the same file size as write()
        check(store.read("read-me", KEY));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (String step : List.of("written", "round-trip")) {
            if (Files.exists(store.layout().resultFile(step))) {
                check(store.read(step, KEY)); // what a write benchmark left is a valid result
            }
        }
        if (lastRead != null) {
            check(lastRead);
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Encode and write one result file (temporary file, rename). */
    @Benchmark
    public long write() throws IOException {
        return store.write("written", KEY, store.encode(value));
    }

    /** Read, check (magic, key, codec, CRC32C) and decode one result file. */
    @Benchmark
    public Object read() throws IOException {
        return lastRead = store.read("read-me", KEY);
    }

    /**
     * The file-system floor of {@link #write}, no Phasor code: the same number of bytes written to a fresh
     * temporary file and renamed over the target, as {@code ResultFile} does.
     */
    @Benchmark
    public Path rawWriteRename() throws IOException {
        Path target = dir.resolve("raw.bin");
        Path tmp = dir.resolve(".raw.bin." + Long.toHexString(rawCounter++) + ".tmp");
        Files.write(tmp, rawBytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Both, on the same file. */
    @Benchmark
    public Object writeThenRead() throws IOException {
        store.write("round-trip", KEY, store.encode(value));
        return lastRead = store.read("round-trip", KEY);
    }

    private void check(Object read) {
        if (!Objects.equals(value, read)) {
            throw new IllegalStateException("result file gave back " + read + ", not " + value);
        }
    }
}
