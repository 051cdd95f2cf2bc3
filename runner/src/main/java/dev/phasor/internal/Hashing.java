package dev.phasor.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: keys and digests are always SHA-256 over canonical bytes, never {@code hashCode()}. */
public final class Hashing {

    private Hashing() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Hex SHA-256 of a UTF-8 string. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Feeds {@code name=<length>:value;} so that no two component lists give the same bytes. */
    public static void component(MessageDigest digest, String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((name + "=" + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
        digest.update((byte) ';');
    }
}
