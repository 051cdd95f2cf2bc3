package dev.phasor.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Encodes values to bytes and back. Implementations are thread-safe.
 *
 * <p>A codec only reads what it was told to accept: decoding bytes that name a type outside its
 * allow-list fails with a {@link CodecException} before any object of that type is created.
 */
public interface Codec {

    /** Short, stable name of the encoding, e.g. {@code kryo5}. */
    String id();

    /**
     * Digest of everything that decides how bytes map to types (for Kryo: the ordered registrations).
     * Two codecs with the same fingerprint read each other's bytes.
     */
    String fingerprint();

    /** Encodes {@code value} (which may be {@code null}); throws {@link CodecException} naming the type that cannot be written. */
    byte[] encode(Object value);

    /** Decodes bytes written by {@link #encode}; throws {@link CodecException} for foreign or damaged input. */
    Object decode(byte[] bytes);

    /**
     * Takes a codec's encoded bytes a chunk at a time, in order; a chunk is valid only during the call (it
     * sits in a buffer the codec reuses), and the last one says so.
     */
    @FunctionalInterface
    interface Chunks {
        void accept(ByteBuffer chunk, boolean last) throws IOException;
    }

    /**
     * Encodes {@code value} and hands the bytes to {@code out} in chunks of a bounded size, never as an array
     * of their own: a large value is written through one fixed buffer (that a file channel writes without a
     * copy, when it is direct). The bytes are the same as {@link #encode(Object)}'s.
     */
    default void encode(Object value, Chunks out) throws IOException {
        out.accept(ByteBuffer.wrap(encode(value)), true);
    }

    /** Decodes the remaining bytes of {@code bytes} (as {@link #decode(byte[])}); moves its position. */
    default Object decode(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return decode(copy);
    }

    /**
     * Decodes a value from exactly the next {@code length} bytes of {@code in}, reading them through a buffer
     * of bounded size where the codec can (so a large value is held once, not also as its bytes).
     */
    default Object decode(ReadableByteChannel in, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new CodecException("an encoded value of " + length + " bytes is larger than a Java array");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        while (bytes.hasRemaining()) {
            if (in.read(bytes) < 0) {
                throw new CodecException("encoded value ends after " + bytes.position() + " of " + length + " bytes");
            }
        }
        return decode(bytes.array());
    }
}
