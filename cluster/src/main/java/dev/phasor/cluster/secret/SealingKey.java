package dev.phasor.cluster.secret;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals bytes with AES-256-GCM: they are encrypted, and together with the associated data (the header of the
 * message that carries them: its kind, sender, receiver, run and sequence number) authenticated by a 128-bit
 * tag. Sealed bytes are their random 96-bit nonce followed by the ciphertext and tag. Thread-safe.
 */
public final class SealingKey {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A Cipher per thread: getInstance looks the provider up each time, init alone is cheap. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM", e);
        }
    });

    private final SecretKeySpec key;

    SealingKey(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        Arrays.fill(key, (byte) 0);
    }

    /** Encrypts and authenticates {@code body}, binding {@code header} to it. */
    public byte[] seal(byte[] body, byte[] header) {
        byte[] sealed = new byte[NONCE_BYTES + body.length + TAG_BITS / 8];
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(header);
            c.doFinal(body, 0, body.length, sealed, NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal: " + e.getMessage(), e);
        }
    }

    /**
     * The body of a sealed message, if it was sealed with this key and this header.
     *
     * @throws SealBrokenException if not: another key (another secret or run), a changed header or body, or no
     *     sealed message at all
     */
    public byte[] open(byte[] sealed, byte[] header) throws SealBrokenException {
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealBrokenException("too short to be sealed");
        }
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(header);
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealBrokenException("its authentication tag does not match");
        } catch (GeneralSecurityException e) {
            throw new SealBrokenException("it cannot be decrypted: " + e.getMessage());
        }
    }
}
