package dev.phasor.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.ByteBufferOutput;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@link Codec} on Kryo 5 with registration required: the classes of a {@link TypeRegistry} are the
 * only ones it writes or reads, so a crafted file cannot make it instantiate anything else.
 *
 * <p>Kryo instances are not thread-safe; each call borrows one from a pool.
 */
public final class KryoCodec implements Codec {

    private final TypeRegistry registry;
    private final ClassLoader classLoader;
    private final String fingerprint;
    private final Pool<Kryo> pool;
    /**
     * Write buffers kept between calls: a fresh small buffer per call doubled its way up to a large value's
     * size, allocating and copying about five times the value (1 MiB: 5.2 MB, CodecBench). Softly held, so
     * the collector may take them back; buffers grown past {@value #MAX_POOLED_BUFFER} bytes are dropped.
     */
    private final Pool<Output> outputs = new Pool<>(true, true, 8) {
        @Override
        protected Output create() {
            return new Output(4096, -1);
        }
    };
    private static final int MAX_POOLED_BUFFER = 4 << 20;
    /** The chunk of streamed encoding and decoding (docs/decisions/0012). */
    static final int CHUNK = 1 << 20;
    /**
     * Chunked writers for {@link #encode(Object, Chunks)}, and below the readers for {@link
     * #decode(ReadableByteChannel, long)}: one direct buffer of {@value #CHUNK} bytes each, reused, so a value of
     * any size is written and read through it (a file channel moves a direct buffer as it is; a heap array it
     * first copies into a temporary direct one of the array's size). The writers are softly held, like
     * {@link #outputs}.
     */
    private final Pool<ChunkedOutput> chunkedOutputs = new Pool<>(true, true, 8) {
        @Override
        protected ChunkedOutput create() {
            return new ChunkedOutput(ByteBuffer.allocateDirect(CHUNK));
        }
    };
    /**
     * Per thread, as the result file read before it: a read is on every step's path, a pool's lock was not free.
     * Shared by every codec (it holds no Kryo state), so a worker that builds many pipelines keeps one per thread.
     */
    private static final ThreadLocal<BoundedInputs.OfBuffer> CHUNKED_INPUT = ThreadLocal.withInitial(
            () -> BoundedInputs.OfBuffer.streaming(ByteBuffer.allocateDirect(CHUNK)));

    /** A codec accepting exactly the classes of {@code registry}, resolving them through {@code classLoader}. */
    public KryoCodec(TypeRegistry registry, ClassLoader classLoader) {
        this.registry = registry;
        this.classLoader = classLoader;
        this.fingerprint = fingerprintOf(registry);
        this.pool = new Pool<>(true, false, 64) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
        pool.free(pool.obtain()); // a type Kryo cannot register fails here, naming it, not at every encode
    }

    /** A codec for the JDK types only. */
    public static KryoCodec jdk() {
        return new KryoCodec(TypeRegistry.jdk(), KryoCodec.class.getClassLoader());
    }

    @Override
    public String id() {
        return "kryo5";
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /** The registry this codec accepts. */
    public TypeRegistry registry() {
        return registry;
    }

    @Override
    public byte[] encode(Object value) {
        Kryo kryo = pool.obtain();
        Output out = outputs.obtain();
        try {
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        } catch (KryoException | IllegalArgumentException e) {
            throw new CodecException(describeEncodeFailure(value, e), e);
        } finally {
            pool.free(kryo);
            if (out.getBuffer().length <= MAX_POOLED_BUFFER) {
                out.reset();
                outputs.free(out);
            }
        }
    }

    @Override
    public void encode(Object value, Chunks chunks) throws IOException {
        Kryo kryo = pool.obtain();
        ChunkedOutput out = chunkedOutputs.obtain();
        try {
            out.start(chunks);
            kryo.writeClassAndObject(out, value);
            out.finish();
        } catch (KryoException | IllegalArgumentException e) {
            if (e.getCause() instanceof IOException io) { // the chunks' failure (e.g. a full disk), not the value's
                throw io;
            }
            throw new CodecException(describeEncodeFailure(value, e), e);
        } finally {
            pool.free(kryo);
            out.release();
            chunkedOutputs.free(out);
        }
    }

    /**
     * Decodes the remaining bytes of {@code bytes} in place (a direct buffer is read as it is, without a copy
     * into an array first), with the same guards as {@link #decode(byte[])}.
     */
    @Override
    public Object decode(ByteBuffer bytes) {
        int length = bytes.remaining();
        Input in = bytes.hasArray()
                ? new BoundedInputs.OfArray(bytes.array(), bytes.arrayOffset() + bytes.position(), length)
                : BoundedInputs.OfBuffer.inPlace(bytes);
        Object value = decode(in, length);
        bytes.position(bytes.limit());
        return value;
    }

    @Override
    public Object decode(byte[] bytes) {
        return decode(new BoundedInputs.OfArray(bytes, 0, bytes.length), bytes.length);
    }

    @Override
    public Object decode(ReadableByteChannel source, long length) throws IOException {
        BoundedInputs.OfBuffer in = CHUNKED_INPUT.get();
        try {
            return decode(in.from(source, length), length);
        } catch (CodecException e) {
            if (e.getCause() instanceof KryoException k && k.getCause() instanceof IOException io) {
                throw io; // the source's own failure, not the bytes'
            }
            throw e;
        } finally {
            in.release();
        }
    }

    /** Reads one value that must take exactly {@code length} bytes of {@code in}, from its position on. */
    private Object decode(Input in, long length) {
        Kryo kryo = pool.obtain();
        long start = in.total();
        try {
            Object value = kryo.readClassAndObject(in);
            long read = in.total() - start;
            if (read != length) {
                throw new CodecException("encoded value has " + (length - read) + " trailing bytes");
            }
            return value;
        } catch (RuntimeException e) { // damaged or crafted bytes make Kryo and the JDK throw all sorts of things
            throw new CodecException("cannot decode value: " + rootMessage(e), e);
        } catch (OutOfMemoryError e) {
            // A crafted length (a collection's capacity, found by fuzzing) asked for one allocation larger than the
            // heap; it failed whole, so the heap is intact and the file is refused like any other damaged one.
            throw new CodecException("cannot decode value: it announces more elements than this JVM can hold"
                    + " (a damaged or crafted file)", e);
        } catch (StackOverflowError e) {
            throw new CodecException("cannot decode value: nested too deeply for this thread's stack", e);
        } finally {
            pool.free(kryo);
        }
    }

    private Kryo newKryo() {
        Kryo kryo = new Kryo(new AllowListClassResolver(), null);
        kryo.setRegistrationRequired(true);
        kryo.setReferences(true); // shared and cyclic object graphs round-trip as they were
        kryo.setClassLoader(classLoader);
        JdkSerializers.addTo(kryo);
        for (Class<?> type : registry.types()) {
            try {
                kryo.register(type);
            } catch (RuntimeException e) { // e.g. a JDK class whose fields Kryo may not open (java.util.UUID)
                throw new CodecException("cannot register " + type.getName() + " with Kryo: " + rootMessage(e)
                        + " (use another type for results, e.g. a String or a record of plain fields)", e);
            }
        }
        return kryo;
    }

    /**
     * Kryo's output over one fixed direct buffer that hands each filled buffer to the chunks (Kryo's own
     * {@code ByteBufferOutput} flushes through a new array per flush).
     */
    private static final class ChunkedOutput extends ByteBufferOutput {

        private Chunks chunks;

        ChunkedOutput(ByteBuffer buffer) {
            super(buffer, buffer.capacity());
        }

        void start(Chunks to) {
            reset();
            this.chunks = to;
        }

        /** Called by Kryo when the buffer is full: passes it on and starts over. */
        @Override
        public void flush() {
            hand(false);
            total += position;
            position = 0;
            byteBuffer.clear();
        }

        void finish() {
            hand(true);
        }

        void release() {
            chunks = null;
        }

        private void hand(boolean last) {
            ByteBuffer chunk = byteBuffer.duplicate();
            chunk.clear().limit(position);
            try {
                chunks.accept(chunk, last);
            } catch (IOException e) {
                throw new KryoException(e);
            }
        }
    }

    private static String describeEncodeFailure(Object value, Exception e) {
        String type = value == null ? "null" : value.getClass().getName();
        String msg = rootMessage(e);
        if (msg.contains("Class is not registered")) {
            return "cannot serialize a " + type + ": " + msg.lines().findFirst().orElse(msg)
                    + " (register the class with PipelineBuilder.register(...))";
        }
        return "cannot serialize a " + type + ": " + msg;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private static String fingerprintOf(TypeRegistry registry) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("kryo-5.6;refs;".getBytes(StandardCharsets.UTF_8));
            for (Class<?> type : registry.types()) {
                sha.update(type.getName().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) ';');
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
