package dev.phasor.serialization;

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
}
