package dev.phasor.cluster.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of one deployment shares (coordinator and workers), read from a file only its
 * owner can read. Messages are authenticated, and the results they carry encrypted, with keys derived from it
 * ({@link #openingKeys()}, {@link #runKeys}); the secret itself never leaves the process. Its {@link #id()} names it in messages and logs, so that two
 * different secret files are told apart without showing either.
 */
public final class SharedSecret {

    /** The environment variable naming the secret file when no {@code --secret-file} is given. */
    public static final String ENV = "PHASOR_SECRET_FILE";
    /** Fewer bytes than this cannot be a key worth the name: 16 random bytes are 128 bits. */
    static final int MIN_BYTES = 16;
    private static final int MAX_BYTES = 64 * 1024;
    private static final byte[] SALT = "phasor shared secret v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] root;
    private final String id;
    private final MessageKeys openingKeys;

    private SharedSecret(byte[] material) {
        this.root = Hkdf.extract(SALT, material);
        this.id = HexFormat.of().formatHex(Hkdf.expand(root, "id", 4));
        this.openingKeys = keysFrom(root);
    }

    /**
     * The secret of {@code --secret-file} if given, else of the file {@code PHASOR_SECRET_FILE} names, else none.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static Optional<SharedSecret> fromOptionOrEnvironment(String fileOption, Map<String, String> env) {
        if (fileOption != null) {
            return Optional.of(read(Path.of(fileOption), "--secret-file"));
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(read(Path.of(fromEnv), ENV));
    }

    /**
     * Reads a secret file: at least {@value #MIN_BYTES} bytes (trailing white space aside, so that an editor's
     * last newline does not change the secret), readable and writable by its owner only.
     *
     * @param origin where the path came from, for the message
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SharedSecret read(Path file, String origin) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            checkOwnerOnly(file, origin);
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(origin + " " + file + " is larger than " + MAX_BYTES / 1024
                        + " KiB: is it the right file? A secret is a line of random text");
            }
            byte[] material = trimTrailingWhitespace(Files.readAllBytes(file));
            if (material.length < MIN_BYTES) {
                throw new IllegalArgumentException(origin + " " + file + " holds " + material.length + " bytes; a"
                        + " secret needs at least " + MIN_BYTES + ". Make one with: " + howToMake(file));
            }
            try {
                return new SharedSecret(material);
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(origin + " " + file + " does not exist or is not a file. Make one with: "
                    + howToMake(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + origin + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** A secret from bytes held in memory (tests, and callers that read it themselves). */
    public static SharedSecret of(byte[] material) {
        if (material.length < MIN_BYTES) {
            throw new IllegalArgumentException("a secret needs at least " + MIN_BYTES + " bytes, got " + material.length);
        }
        return new SharedSecret(material.clone());
    }

    /** Names this secret in messages and logs: 8 hex digits derived from it, which reveal nothing of it. */
    public String id() {
        return id;
    }

    /** The keys of what is sent before a run has keys of its own (a run's opening message). */
    public MessageKeys openingKeys() {
        return openingKeys;
    }

    /**
     * The keys of one run, derived from the secret and the run's random nonce: each run has its own, so random
     * nonces of AES-GCM never come near their collision bound however many runs a secret serves.
     */
    public MessageKeys runKeys(byte[] runNonce) {
        Mac mac = Hkdf.hmac(root);
        mac.update("run".getBytes(StandardCharsets.US_ASCII));
        return keysFrom(mac.doFinal(runNonce));
    }

    private static MessageKeys keysFrom(byte[] prk) {
        return new MessageKeys(Hkdf.expand(prk, "authenticate", 32), Hkdf.expand(prk, "encrypt", 32));
    }

    /** The shell command that makes a good secret file at {@code file}. */
    public static String howToMake(Path file) {
        return "(umask 077; head -c 32 /dev/urandom | base64 > " + file + ")";
    }

    private static void checkOwnerOnly(Path file, String origin) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // no POSIX modes (some network file systems): nothing to check
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        if (p.stream().anyMatch(others::contains)) {
            throw new IllegalArgumentException(origin + " " + file + " can be read or written by other users ("
                    + PosixFilePermissions.toString(p) + "): whoever reads it can run steps on your workers."
                    + " Run: chmod 600 " + file);
        }
    }

    private static byte[] trimTrailingWhitespace(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == ' ' || b[n - 1] == '\t')) {
            n--;
        }
        byte[] trimmed = Arrays.copyOf(b, n);
        Arrays.fill(b, (byte) 0);
        return trimmed;
    }

    /** HKDF with HMAC-SHA256 (RFC 5869), with single-block expansion: every key here is at most 32 bytes. */
    private static final class Hkdf {

        static byte[] extract(byte[] salt, byte[] material) {
            return hmac(salt).doFinal(material);
        }

        static byte[] expand(byte[] prk, String info, int length) {
            Mac mac = hmac(prk);
            mac.update(info.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 1);
            return Arrays.copyOf(mac.doFinal(), length);
        }

        static Mac hmac(byte[] key) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no HmacSHA256", e);
            }
        }
    }
}
