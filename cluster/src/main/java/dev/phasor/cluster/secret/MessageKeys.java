package dev.phasor.cluster.secret;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one kind of message (a run's opening message, or every other message of one run): an
 * HMAC-SHA256 key that authenticates a message's header and body, and an AES-256-GCM key
 * ({@link SealingKey}) that encrypts the results a message carries. Thread-safe.
 *
 * <p>Why two: the JDK's SHA-256 is fast even in a JVM that runs C1 only, as a Hazelcast coordinator does
 * (about 55 MB/s at 200 bytes, 120 MB/s at 2 KB), while AES-GCM needs C2's intrinsics (C1: 19-39 MB/s), so only
 * results, which must stay secret, pay for it (decision record 0010).
 */
public final class MessageKeys {

    /** Bytes of an authentication tag. */
    public static final int TAG_BYTES = 32;
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    });

    private final SecretKeySpec macKey;
    private final SealingKey payloadKey;

    MessageKeys(byte[] macKey, byte[] payloadKey) {
        this.macKey = new SecretKeySpec(macKey, "HmacSHA256");
        Arrays.fill(macKey, (byte) 0);
        this.payloadKey = new SealingKey(payloadKey);
    }

    /** The tag of a message: HMAC-SHA256 over its header's length, its header and its body. */
    public byte[] tag(byte[] header, byte[] body) {
        Mac mac = MACS.get();
        try {
            mac.init(macKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused its key: " + e.getMessage(), e);
        }
        mac.update((byte) (header.length >>> 24));
        mac.update((byte) (header.length >>> 16));
        mac.update((byte) (header.length >>> 8));
        mac.update((byte) header.length);
        mac.update(header);
        mac.update(body);
        return mac.doFinal();
    }

    /**
     * Checks a message's tag, in constant time.
     *
     * @throws SealBrokenException if the tag is not the one of this header and body under these keys
     */
    public void verify(byte[] header, byte[] body, byte[] tag) throws SealBrokenException {
        if (tag == null || body == null || !MessageDigest.isEqual(tag(header, body), tag)) {
            throw new SealBrokenException("its authentication tag does not match");
        }
    }

    /** Encrypts a result the message carries; {@code header} binds it to the message. */
    public byte[] sealPayload(byte[] payload, byte[] header) {
        return payloadKey.seal(payload, header);
    }

    /** Decrypts a result sealed with {@link #sealPayload}. */
    public byte[] openPayload(byte[] sealed, byte[] header) throws SealBrokenException {
        return payloadKey.open(sealed, header);
    }
}
