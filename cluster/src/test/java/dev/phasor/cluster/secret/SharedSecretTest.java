package dev.phasor.cluster.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedSecretTest {

    private static final byte[] HEADER = "RunSteps|to|from|run|7".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    private Path secretFile(String content, String mode) throws Exception {
        Path f = tmp.resolve("secret-" + mode + "-" + content.length());
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void aTagChecksOnlyWithTheSameSecretHeaderAndBody() throws Exception {
        SharedSecret a = SharedSecret.read(secretFile("0123456789abcdef0123\n", "rw-------"), "--secret-file");
        SharedSecret sameText = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
        SharedSecret other = SharedSecret.of("another secret of twenty".getBytes(StandardCharsets.US_ASCII));
        byte[] body = "step s1, attempt 1".getBytes(StandardCharsets.UTF_8);

        byte[] tag = a.openingKeys().tag(HEADER, body);
        sameText.openingKeys().verify(HEADER, body, tag); // a trailing newline is not the secret's
        assertEquals(a.id(), sameText.id());
        assertNotEquals(a.id(), other.id());
        assertThrows(SealBrokenException.class, () -> other.openingKeys().verify(HEADER, body, tag));
        byte[] otherHeader = "RunSteps|to|from|run|8".getBytes(StandardCharsets.US_ASCII);
        assertThrows(SealBrokenException.class, () -> a.openingKeys().verify(otherHeader, body, tag));
        byte[] changed = body.clone();
        changed[3] ^= 1;
        assertThrows(SealBrokenException.class, () -> a.openingKeys().verify(HEADER, changed, tag));
        assertThrows(SealBrokenException.class, () -> a.openingKeys().verify(HEADER, body, null));
    }

    @Test
    void aPayloadIsEncryptedAndOpensWithTheSameKeysAndHeaderOnly() throws Exception {
        SharedSecret a = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
        SharedSecret other = SharedSecret.of("another secret of twenty".getBytes(StandardCharsets.US_ASCII));
        byte[] result = "the result of step s1".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = a.openingKeys().sealPayload(result, HEADER);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("result of step"), "encrypted");
        assertArrayEquals(result, a.openingKeys().openPayload(sealed, HEADER));
        assertThrows(SealBrokenException.class, () -> other.openingKeys().openPayload(sealed, HEADER));
        byte[] otherHeader = "RunSteps|to|from|run|8".getBytes(StandardCharsets.US_ASCII);
        assertThrows(SealBrokenException.class, () -> a.openingKeys().openPayload(sealed, otherHeader));
        byte[] flipped = sealed.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThrows(SealBrokenException.class, () -> a.openingKeys().openPayload(flipped, HEADER));
        assertThrows(SealBrokenException.class, () -> a.openingKeys().openPayload(new byte[5], HEADER));
    }

    @Test
    void eachRunHasItsOwnKeys() throws Exception {
        SharedSecret s = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
        byte[] body = {42};
        byte[] tag = s.runKeys(new byte[] {1, 2, 3}).tag(HEADER, body);
        s.runKeys(new byte[] {1, 2, 3}).verify(HEADER, body, tag);
        assertThrows(SealBrokenException.class, () -> s.runKeys(new byte[] {1, 2, 4}).verify(HEADER, body, tag));
        assertThrows(SealBrokenException.class, () -> s.openingKeys().verify(HEADER, body, tag));
        byte[] sealed = s.runKeys(new byte[] {1, 2, 3}).sealPayload(body, HEADER);
        assertArrayEquals(body, s.runKeys(new byte[] {1, 2, 3}).openPayload(sealed, HEADER));
        assertThrows(SealBrokenException.class, () -> s.runKeys(new byte[] {1, 2, 4}).openPayload(sealed, HEADER));
    }

    @Test
    void aFileOthersCanReadIsRefusedNamingTheFileAndTheFix() throws Exception {
        Path f = secretFile("0123456789abcdef0123", "rw-r--r--");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedSecret.read(f, "--secret-file"));
        assertTrue(e.getMessage().contains(f + " can be read or written by other users (rw-r--r--)"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + f), e.getMessage());
    }

    @Test
    void aShortMissingOrWrongFileIsRefusedWithHowToMakeOne() throws Exception {
        Path shortOne = secretFile("password\n", "rw-------");
        String m = assertThrows(IllegalArgumentException.class, () -> SharedSecret.read(shortOne, "--secret-file"))
                .getMessage();
        assertTrue(m.contains("holds 8 bytes; a secret needs at least 16"), m);
        assertTrue(m.contains("head -c 32 /dev/urandom | base64"), m);
        Path missing = tmp.resolve("nope");
        m = assertThrows(IllegalArgumentException.class, () -> SharedSecret.read(missing, SharedSecret.ENV))
                .getMessage();
        assertTrue(m.startsWith(SharedSecret.ENV + " " + missing + " does not exist"), m);
        assertThrows(IllegalArgumentException.class, () -> SharedSecret.read(tmp, "--secret-file"));
    }

    @Test
    void theOptionWinsOverTheEnvironmentAndNeitherMeansNoSecret() throws Exception {
        Path f = secretFile("0123456789abcdef0123", "rw-------");
        Path g = secretFile("another secret of twenty", "r--------");
        assertTrue(SharedSecret.fromOptionOrEnvironment(null, Map.of()).isEmpty());
        assertTrue(SharedSecret.fromOptionOrEnvironment(null, Map.of(SharedSecret.ENV, " ")).isEmpty());
        String viaEnv = SharedSecret.fromOptionOrEnvironment(null, Map.of(SharedSecret.ENV, g.toString()))
                .orElseThrow().id();
        String viaOption = SharedSecret.fromOptionOrEnvironment(f.toString(), Map.of(SharedSecret.ENV, g.toString()))
                .orElseThrow().id();
        assertEquals(SharedSecret.of("another secret of twenty".getBytes(StandardCharsets.US_ASCII)).id(), viaEnv);
        assertEquals(SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII)).id(), viaOption);
    }
}
