package dev.phasor.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Input;
import java.nio.ByteBuffer;

/**
 * Kryo inputs that refuse a length larger than the bytes left before allocating for it (every element takes
 * at least one byte), so a few crafted bytes cannot make the codec allocate gigabytes (found by fuzzing: a
 * class name announcing 2^30 characters). One for arrays, one for (direct) buffers: both read paths of
 * {@link KryoCodec} carry the same guards.
 */
final class BoundedInputs {

    private BoundedInputs() {
    }

    static void check(Input in, long count) {
        int left = in.limit() - in.position();
        if (count < 0 || count > left) {
            throw new KryoException("a length of " + count + " exceeds the " + left + " bytes left");
        }
    }

    /** A string in UTF-8 form announces its character count first: refused if it cannot fit. */
    static void checkUtf8Length(Input in) {
        if (in.position() < in.limit() && in.readVarIntFlag()) {
            int start = in.position();
            int count = in.readVarIntFlag(true);
            in.setPosition(start);
            check(in, count - 1L);
        }
    }

    /** Over an array (or a slice of one). */
    static final class OfArray extends Input {

        OfArray(byte[] bytes, int offset, int count) {
            super(bytes, offset, count);
        }

        @Override
        public String readString() {
            checkUtf8Length(this);
            return super.readString();
        }

        @Override
        public StringBuilder readStringBuilder() {
            checkUtf8Length(this);
            return super.readStringBuilder();
        }

        @Override
        public byte[] readBytes(int length) {
            check(this, length);
            return super.readBytes(length);
        }

        @Override
        public int[] readInts(int length) {
            check(this, length);
            return super.readInts(length);
        }

        @Override
        public int[] readInts(int length, boolean optimizePositive) {
            check(this, length);
            return super.readInts(length, optimizePositive);
        }

        @Override
        public long[] readLongs(int length) {
            check(this, length);
            return super.readLongs(length);
        }

        @Override
        public long[] readLongs(int length, boolean optimizePositive) {
            check(this, length);
            return super.readLongs(length, optimizePositive);
        }

        @Override
        public float[] readFloats(int length) {
            check(this, length);
            return super.readFloats(length);
        }

        @Override
        public double[] readDoubles(int length) {
            check(this, length);
            return super.readDoubles(length);
        }

        @Override
        public short[] readShorts(int length) {
            check(this, length);
            return super.readShorts(length);
        }

        @Override
        public char[] readChars(int length) {
            check(this, length);
            return super.readChars(length);
        }

        @Override
        public boolean[] readBooleans(int length) {
            check(this, length);
            return super.readBooleans(length);
        }
    }

    /** Over a buffer, read in place (a direct buffer a result file was read into). */
    static final class OfBuffer extends ByteBufferInput {

        OfBuffer(ByteBuffer buffer) {
            super(buffer);
        }

        @Override
        public String readString() {
            checkUtf8Length(this);
            return super.readString();
        }

        @Override
        public StringBuilder readStringBuilder() {
            checkUtf8Length(this);
            return super.readStringBuilder();
        }

        @Override
        public byte[] readBytes(int length) {
            check(this, length);
            return super.readBytes(length);
        }

        @Override
        public int[] readInts(int length) {
            check(this, length);
            return super.readInts(length);
        }

        @Override
        public int[] readInts(int length, boolean optimizePositive) {
            check(this, length);
            return super.readInts(length, optimizePositive);
        }

        @Override
        public long[] readLongs(int length) {
            check(this, length);
            return super.readLongs(length);
        }

        @Override
        public long[] readLongs(int length, boolean optimizePositive) {
            check(this, length);
            return super.readLongs(length, optimizePositive);
        }

        @Override
        public float[] readFloats(int length) {
            check(this, length);
            return super.readFloats(length);
        }

        @Override
        public double[] readDoubles(int length) {
            check(this, length);
            return super.readDoubles(length);
        }

        @Override
        public short[] readShorts(int length) {
            check(this, length);
            return super.readShorts(length);
        }

        @Override
        public char[] readChars(int length) {
            check(this, length);
            return super.readChars(length);
        }

        @Override
        public boolean[] readBooleans(int length) {
            check(this, length);
            return super.readBooleans(length);
        }
    }
}
