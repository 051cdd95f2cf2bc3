package dev.phasor.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;

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

    /** Takes encoded bytes that are valid only during the call (they may sit in a buffer the codec reuses). */
    @FunctionalInterface
    interface Sink<R> {
        R accept(ByteBuffer encoded) throws IOException;
    }

    /**
     * Encodes {@code value} and hands the bytes to {@code sink} without copying them into an array of their
     * own (a codec may encode into a reused, direct buffer that a file channel writes without a copy). The
     * bytes are the same as {@link #encode(Object)}'s.
     */
    default <R> R encode(Object value, Sink<R> sink) throws IOException {
        return sink.accept(ByteBuffer.wrap(encode(value)));
    }

    /** Decodes the remaining bytes of {@code bytes} (as {@link #decode(byte[])}); moves its position. */
    default Object decode(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return decode(copy);
    }
}
