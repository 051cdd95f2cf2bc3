package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cluster.secret.SharedSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which secret a rank seals its link with, chosen before Phasor's command line is parsed. */
class MpjRankSecretTest {

    @TempDir
    Path tmp;

    private Path secretFile(String name, String content, String mode) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static String id(String content) {
        return SharedSecret.of(content.getBytes(StandardCharsets.US_ASCII)).id();
    }

    @Test
    void theRunsOptionIsFoundInTheRanksArgumentsInEitherSpelling() {
        String[] spaced = {"--job-dir", "/j", "my.Pipeline", "--cache", "/c", "--secret-file", "/s/f"};
        String[] joined = {"--job-dir", "/j", "my.Pipeline", "--secret-file=/s/g", "-q"};
        assertEquals("/s/f", JobArgs.parse(spaced).secretFileOption());
        assertEquals("/s/g", JobArgs.parse(joined).secretFileOption());
        assertNull(JobArgs.parse(new String[] {"--job-dir", "/j", "my.Pipeline", "--cache", "/c"}).secretFileOption());
    }

    @Test
    void theOptionWinsOverTheLaunchersFileAndNeitherMeansALinkInTheClear() throws Exception {
        Path option = secretFile("option", "0123456789abcdef0123", "rw-------");
        Path launcher = secretFile("launcher", "another secret of twenty", "rw-------");

        assertEquals(id("0123456789abcdef0123"), RankSecret.choose(option.toString(), launcher.toString(), false)
                .forLink().id());
        assertEquals(id("another secret of twenty"), RankSecret.choose(null, launcher.toString(), false).forLink().id());
        RankSecret none = RankSecret.choose(null, null, false);
        assertNull(none.forLink());
        assertNull(none.describe(), "no secret given: nothing said");
        none.confirm(null);
    }

    @Test
    void anUnusableFileLeavesTheLinkInTheClearAndFailsTheRunWhenItOpensTheBackend() throws Exception {
        Path open = secretFile("readable", "0123456789abcdef0123", "rw-r--r--");

        RankSecret chosen = RankSecret.choose(open.toString(), null, false);

        assertNull(chosen.forLink());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chosen.confirm(open));
        assertTrue(e.getMessage().startsWith("--secret-file " + open + " can be read or written by other users"),
                e.getMessage());
        RankSecret missing = RankSecret.choose(null, tmp.resolve("nope").toString(), false);
        e = assertThrows(IllegalArgumentException.class, () -> missing.confirm(null));
        assertTrue(e.getMessage().startsWith("PHASOR_SECRET_FILE " + tmp.resolve("nope") + " does not exist"),
                e.getMessage());
    }

    @Test
    void ranksSharingOneJvmCheckTheFileButDoNotSealAndSaySo() throws Exception {
        Path f = secretFile("f", "0123456789abcdef0123", "rw-------");

        RankSecret multicore = RankSecret.choose(f.toString(), null, true);

        assertNull(multicore.forLink(), "no message leaves the JVM: a seal would protect nothing");
        multicore.confirm(f);
        assertTrue(multicore.describe().startsWith("messages between ranks are not sealed: under the multicore device"),
                multicore.describe());
        assertTrue(RankSecret.choose(f.toString(), null, false).describe().startsWith(
                "messages between ranks are sealed with secret " + id("0123456789abcdef0123")));
    }

    @Test
    void aCommandLineWhoseOptionIsNotTheOneFoundFirstIsRefused() throws Exception {
        Path f = secretFile("f", "0123456789abcdef0123", "rw-------");
        RankSecret chosen = RankSecret.choose(null, null, false);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chosen.confirm(f));

        assertTrue(e.getMessage().startsWith("the ranks took no secret file from their arguments"), e.getMessage());
    }
}
