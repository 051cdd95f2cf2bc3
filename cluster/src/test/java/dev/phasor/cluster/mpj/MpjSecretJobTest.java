package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Diamond;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real MPJ Express jobs with a secret, through {@code bin/mpjrun.sh} on 127.0.0.1: niodev ranks seal their
 * messages and get the same results; a rank given another secret file, or none, stops the job at once on every
 * rank with a message naming both secrets and the other rank's host. The daemon is the test class's, started
 * without {@code PHASOR_SECRET_FILE}: a job that has it in its environment gets it through the launcher, not the
 * daemon.
 */
@Timeout(200)
class MpjSecretJobTest {

    private static final int JOB_LIMIT_SECONDS = 120;
    private static final String A = "0123456789abcdef0123";
    private static final String B = "another secret of twenty";
    private static final String SAME = ": give every rank the same --secret-file (or PHASOR_SECRET_FILE)";

    @RegisterExtension
    static final MpjDaemon DAEMON = new MpjDaemon();

    @TempDir
    Path work;

    private Path secretFile(String name, String content) throws Exception {
        Path f = work.resolve(name);
        Files.writeString(f, content + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private static String id(String content) {
        return SharedSecret.of(content.getBytes(StandardCharsets.US_ASCII)).id();
    }

    @ParameterizedTest(name = "{0}, secret from the {1}")
    @CsvSource({"niodev, option", "niodev, environment", "multicore, option"})
    void aJobWithASecretGivesTheRightResultsAndSaysWhetherItSeals(String device, String from) throws Exception {
        Path secret = secretFile("secret", A);
        Path cache = work.resolve("cache");
        List<String> args = new ArrayList<>(List.of("--cache", cache.toString(), "-v"));
        List<String> env = List.of();
        if (from.equals("option")) {
            args.addAll(List.of("--secret-file", secret.toString()));
        } else {
            env = List.of(SharedSecret.ENV, secret.toString());
        }

        MpjLauncher.Result job = DAEMON.launcher().start(work, DAEMON.options(device, 2, JOB_LIMIT_SECONDS - 20), env,
                Diamond.class.getName(), args.toArray(String[]::new)).await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.OK, job.exitCode(), job::toString);
        String output = job.out() + job.err(); // MPJ merges the ranks' stderr into its stdout
        assertTrue(output.contains(device.equals("niodev")
                ? "phasor: mpj: messages between ranks are sealed with secret " + id(A)
                : "phasor: mpj: messages between ranks are not sealed: under the multicore device"), job::toString);
        assertFalse(output.contains("refused"), job::toString);
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        assertTrue(reader.statuses().stream().anyMatch(s -> "mpj:rank-1".equals(s.worker())), "rank 1 ran nothing");
    }

    /**
     * The last rank reads another file at the job's {@code --secret-file} path ({@link OtherSecretMain}), or has none.
     * Rank 0 waits 60 s for a hello's answers and the silence limit is set to 60 s: ending well within that is the
     * refusal's doing.
     */
    @ParameterizedTest(name = "-np {0}, the last rank with {1}")
    @CsvSource({"3, another secret", "2, no secret"})
    void aRankWithAnotherSecretOrNoneStopsTheJobAtOnceNamingBothSides(int ranks, String what) throws Exception {
        Path secret = secretFile("secret", A);
        String other = what.equals("no secret") ? "" : secretFile("other", B).toString();
        int last = ranks - 1;
        List<String> options = DAEMON.options("niodev", ranks, JOB_LIMIT_SECONDS - 20, "-Dphasor.test.otherRank=" + last,
                "-Dphasor.test.otherSecret=" + other);
        Path cache = work.resolve("cache");

        MpjLauncher.Result job = DAEMON.launcher().start(work, options,
                List.of("PHASOR_MPJ_MAIN", OtherSecretMain.class.getName()), Diamond.class.getName(),
                "--cache", cache.toString(), "--secret-file", secret.toString(), "--mpj-lost-after", "60")
                .await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.BACKEND, job.exitCode(), job::toString);
        String output = job.out() + job.err();
        String host = JobMarkers.hostName();
        String lastRank = "rank " + last + " (host " + host + ")";
        if (what.equals("no secret")) {
            assertTrue(output.contains(" message from " + lastRank + ": it is not sealed: " + lastRank + " has no secret,"
                    + " and this rank's is " + id(A) + SAME), job::toString);
            assertTrue(output.contains("rank 0 (host " + host + ") refused the frames of rank " + last + ": its secret is "
                    + id(A) + ", and this rank has none" + SAME), job::toString);
        } else {
            assertTrue(output.contains("mpjrun: ranks 0-1 reported: rank 0 refused a Knock message from " + lastRank
                    + ": it is sealed with secret " + id(B) + ", and this rank's is " + id(A) + SAME), job::toString);
            assertTrue(output.contains("mpjrun: rank 2 reported: rank 0 (host " + host + ") refused the frames of rank 2:"
                    + " its secret is " + id(A) + ", and this rank's is " + id(B) + SAME), job::toString);
        }
        assertFalse(output.contains("did not finish"), "every rank ended on its own: " + job);
        assertTrue(job.seconds() < 45, "the job took " + job.seconds() + " s");
        assertFalse(Files.exists(cache.resolve("diamond/pipeline.summary")), "nothing was written");
    }
}
