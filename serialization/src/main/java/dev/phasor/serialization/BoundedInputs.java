package dev.phasor.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Input;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Kryo inputs that refuse a length larger than the bytes left before allocating for it (every element takes
 * at least one byte), so a few crafted bytes cannot make the codec allocate gigabytes (found by fuzzing: a
 * class name announcing 2^30 characters). One for arrays, one for (direct) buffers, read in place or
 * refilled from a channel: every read path of {@link KryoCodec} carries the same guards.
 */
final class BoundedInputs {

    private BoundedInputs() {
    }

    static void check(long count, long left) {
        if (count < 0 || count > left) {
            throw new KryoException("a length of " + count + " exceeds the " + left + " bytes left");
        }
    }

    /**
     * A string in UTF-8 form announces its character count first: refused if it cannot fit. The caller has
     * buffered the count's bytes (at most 5), so peeking at them moves nothing.
     */
    static void checkUtf8Length(Input in, long left) {
        if (in.position() < in.limit() && in.readVarIntFlag()) {
            int start = in.position();
            int count = in.readVarIntFlag(true);
            in.setPosition(start);
            check(count - 1L, left);
        }
    }

    /** Over an array (or a slice of one). */
    static final class OfArray extends Input {

        OfArray(byte[] bytes, int offset, int count) {
            super(bytes, offset, count);
        }

        private long left() {
            return limit - position;
        }

        @Override
        public String readString() {
            checkUtf8Length(this, left());
            return super.readString();
        }

        @Override
        public StringBuilder readStringBuilder() {
            checkUtf8Length(this, left());
            return super.readStringBuilder();
        }

        @Override
        public byte[] readBytes(int length) {
            check(length, left());
            return super.readBytes(length);
        }

        @Override
        public int[] readInts(int length) {
            check(length, left());
            return super.readInts(length);
        }

        @Override
        public int[] readInts(int length, boolean optimizePositive) {
            check(length, left());
            return super.readInts(length, optimizePositive);
        }

        @Override
        public long[] readLongs(int length) {
            check(length, left());
            return super.readLongs(length);
        }

        @Override
        public long[] readLongs(int length, boolean optimizePositive) {
            check(length, left());
            return super.readLongs(length, optimizePositive);
        }

        @Override
        public float[] readFloats(int length) {
            check(length, left());
            return super.readFloats(length);
        }

        @Override
        public double[] readDoubles(int length) {
            check(length, left());
            return super.readDoubles(length);
        }

        @Override
        public short[] readShorts(int length) {
            check(length, left());
            return super.readShorts(length);
        }

        @Override
        public char[] readChars(int length) {
            check(length, left());
            return super.readChars(length);
        }

        @Override
        public boolean[] readBooleans(int length) {
            check(length, left());
            return super.readBooleans(length);
        }
    }

    /**
     * Over a buffer: read in place ({@link #inPlace}), or refilled from a channel that holds exactly
     * {@code length} bytes ({@link #streaming}: a large result is decoded through one fixed buffer instead of
     * an array of its size).
     */
    static final class OfBuffer extends ByteBufferInput {

        private ReadableByteChannel source;
        /** The bytes this read takes in all: what is buffered, consumed or still in the source. */
        private long size;

        private OfBuffer(ByteBuffer buffer) {
            super(buffer);
        }

        /** Reads the remaining bytes of {@code bytes}, nothing more. */
        static OfBuffer inPlace(ByteBuffer bytes) {
            OfBuffer in = new OfBuffer(bytes.slice());
            in.size = in.limit;
            return in;
        }

        /** An input that refills {@code buffer} (direct, reused) from a source; {@link #from} starts a read. */
        static OfBuffer streaming(ByteBuffer buffer) {
            return new OfBuffer(buffer);
        }

        /** Starts reading {@code length} bytes of {@code channel}, forgetting any earlier source. */
        OfBuffer from(ReadableByteChannel channel, long length) {
            setBuffer(byteBuffer.clear().limit(0));
            this.source = channel;
            this.size = length;
            return this;
        }

        /** Lets go of the source, so a pooled input keeps no file alive. */
        void release() {
            source = null;
        }

        private long left() {
            return size - total();
        }

        @Override
        protected int fill(ByteBuffer buffer, int offset, int count) {
            if (source == null) {
                return -1;
            }
            ByteBuffer into = buffer.duplicate();
            into.limit(offset + count).position(offset);
            int n;
            try {
                n = source.read(into);
            } catch (IOException e) {
                throw new KryoException(e);
            }
            if (n > 0) {
                // the buffer's own limit ends at the bytes read: Kryo compacts the buffer from its position to
                // its limit before each refill, and a limit left at the capacity made that a 1 MiB copy
                buffer.limit(offset + n);
            }
            return n;
        }

        /** Buffers the next {@code count} bytes, or all that are left, so they can be peeked at in place. */
        private void buffer(int count) {
            int wanted = (int) Math.min(count, left());
            if (wanted > 0 && limit - position < wanted) {
                require(wanted);
            }
        }

        @Override
        public String readString() {
            buffer(5);
            checkUtf8Length(this, left());
            return super.readString();
        }

        @Override
        public StringBuilder readStringBuilder() {
            buffer(5);
            checkUtf8Length(this, left());
            return super.readStringBuilder();
        }

        @Override
        public byte[] readBytes(int length) {
            check(length, left());
            return super.readBytes(length);
        }

        @Override
        public int[] readInts(int length) {
            check(length, left());
            return super.readInts(length);
        }

        @Override
        public int[] readInts(int length, boolean optimizePositive) {
            check(length, left());
            return super.readInts(length, optimizePositive);
        }

        @Override
        public long[] readLongs(int length) {
            check(length, left());
            return super.readLongs(length);
        }

        @Override
        public long[] readLongs(int length, boolean optimizePositive) {
            check(length, left());
            return super.readLongs(length, optimizePositive);
        }

        @Override
        public float[] readFloats(int length) {
            check(length, left());
            return super.readFloats(length);
        }

        @Override
        public double[] readDoubles(int length) {
            check(length, left());
            return super.readDoubles(length);
        }

        @Override
        public short[] readShorts(int length) {
            check(length, left());
            return super.readShorts(length);
        }

        @Override
        public char[] readChars(int length) {
            check(length, left());
            return super.readChars(length);
        }

        @Override
        public boolean[] readBooleans(int length) {
            check(length, left());
            return super.readBooleans(length);
        }
    }
}
