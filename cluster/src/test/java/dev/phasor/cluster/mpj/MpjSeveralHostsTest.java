package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cluster.hosts.TestHosts;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Diamond;
import dev.phasor.testkit.Sleepy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * niodev across three test hosts (network namespaces, see {@link TestHosts}): one MPJ daemon per host on
 * the same port, a machines file listing the hosts' addresses, the launcher on host 1, the cache on the
 * file system every host shares. Skipped where namespaces cannot be made.
 */
@Timeout(180)
class MpjSeveralHostsTest {

    private static final int JOB_LIMIT_SECONDS = 90;
    /** Every host has its own port space, so every daemon can listen on the same port, as on a cluster. */
    private static final int DAEMON_PORT = 41055;

    @RegisterExtension
    static final TestHosts HOSTS = new TestHosts(3);

    @TempDir
    Path work;

    private MpjLauncher launcher;
    private final List<Path> pidFiles = new ArrayList<>();

    /** One daemon per host, all on the same port. */
    @BeforeEach
    void startDaemons() throws Exception {
        launcher = new MpjLauncher(MpjLauncher.findRepo());
        for (TestHosts.Host h : HOSTS.hosts()) {
            Path pidFile = work.resolve("daemon-" + h.hostName() + ".pid");
            pidFiles.add(pidFile);
            TestHosts.Result r = HOSTS.run(h, List.of(launcher.repo().resolve("bin/mpj-daemon.sh").toString(),
                    "start", "--port", Integer.toString(DAEMON_PORT), "--pidfile", pidFile.toString()), Map.of(), 60);
            assertEquals(0, r.code(), r::text);
        }
    }

    @AfterEach
    void stopDaemons() throws Exception {
        for (Path pidFile : pidFiles) {
            if (Files.exists(pidFile)) {
                launcher.stopDaemon(pidFile);
            }
        }
    }

    private List<String> options(int ranks, List<TestHosts.Host> machines) throws IOException {
        Path file = work.resolve("machines");
        Files.writeString(file, machines.stream().map(TestHosts.Host::address).collect(Collectors.joining("\n", "", "\n")));
        List<String> options = new ArrayList<>(MpjLauncher.jobOptions("niodev", ranks, JOB_LIMIT_SECONDS - 20, DAEMON_PORT,
                "-Dphasor.test.sleepMs=300"));
        options.addAll(List.of("-machinesfile", file.toString()));
        return options;
    }

    @Test
    void aMultiPhasePipelineGivesTheResultsOfOneHostWithRanksOnEveryHost() throws Exception {
        List<String> options = options(3, HOSTS.hosts());

        // Slow steps keep the ranks alive long enough to see where each one runs.
        Path sleepy = work.resolve("sleepy");
        MpjLauncher.Running job = launcher.start(Files.createDirectories(work.resolve("sleepy-job")),
                cmd -> HOSTS.on(HOSTS.host(1), cmd), options, List.of(), Sleepy.class.getName(),
                "--cache", sleepy.toString());
        Set<String> rankHosts = new LinkedHashSet<>();
        for (int rank = 0; rank < 3; rank++) {
            long pid = job.rankPid(rank, 60);
            rankHosts.add(HOSTS.hostOf(pid).map(TestHosts.Host::hostName).orElse("rank " + rank + ": no test host"));
        }
        MpjLauncher.Result slow = job.await(JOB_LIMIT_SECONDS);
        assertEquals(ExitCodes.OK, slow.exitCode(), slow::toString);
        assertEquals(Set.of("host1", "host2", "host3"), rankHosts, "one rank on each host");
        assertEquals(Sleepy.expectedLast(3, 6), CacheReader.open(sleepy, "sleepy").result("last"));
        assertEquals(3, CacheReader.open(sleepy, "sleepy").statuses().stream().map(StepStatus::worker).distinct()
                .count(), "every rank ran steps");

        // The diamond against the local backend on this machine: same statuses, same values.
        Path local = work.resolve("local");
        assertEquals(ExitCodes.OK, Phasor.runner().cache(local).run(Diamond.class).exitCode());
        Path cache = work.resolve("mpj");
        MpjLauncher.Result diamond = launcher.start(Files.createDirectories(work.resolve("diamond-job")),
                cmd -> HOSTS.on(HOSTS.host(1), cmd), options, List.of(), Diamond.class.getName(),
                "--cache", cache.toString()).await(JOB_LIMIT_SECONDS);
        assertEquals(ExitCodes.OK, diamond.exitCode(), diamond::toString);
        assertTrue(diamond.out().contains("OK: 17 done (17 ran, 0 cached)"), diamond::toString);
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        assertEquals(outcomes(CacheReader.open(local, "diamond")), outcomes(reader));
    }

    /**
     * With a secret, ranks on three hosts seal their messages and get the same results; a rank whose host holds
     * another secret file at the job's path (as {@link OtherSecretMain} makes it) stops the job at once, and each
     * side names the other by its host.
     */
    @Test
    void ranksOnThreeHostsSealTheirMessagesAndARankWithAnotherSecretIsNamedByItsHost() throws Exception {
        Path secret = work.resolve("secret");
        Path other = work.resolve("other");
        for (Path f : List.of(secret, other)) {
            Files.writeString(f, (f == secret ? "0123456789abcdef0123" : "another secret of twenty") + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        String a = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII)).id();
        String b = SharedSecret.of("another secret of twenty".getBytes(StandardCharsets.US_ASCII)).id();
        Path cache = work.resolve("sealed");

        MpjLauncher.Result sealed = launcher.start(Files.createDirectories(work.resolve("sealed-job")),
                cmd -> HOSTS.on(HOSTS.host(1), cmd), options(3, HOSTS.hosts()), List.of(), Diamond.class.getName(),
                "--cache", cache.toString(), "--secret-file", secret.toString(), "-v").await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.OK, sealed.exitCode(), sealed::toString);
        assertTrue((sealed.out() + sealed.err()).contains("messages between ranks are sealed with secret " + a),
                sealed::toString);
        assertEquals(Diamond.expectedTotal(8), CacheReader.open(cache, "diamond").result("total"));

        List<String> options = options(3, HOSTS.hosts());
        options.addAll(List.of("-jvmarg", "-Dphasor.test.otherRank=2", "-jvmarg", "-Dphasor.test.otherSecret=" + other));
        MpjLauncher.Result refused = launcher.start(Files.createDirectories(work.resolve("refused-job")),
                cmd -> HOSTS.on(HOSTS.host(1), cmd), options, List.of("PHASOR_MPJ_MAIN", OtherSecretMain.class.getName()),
                Diamond.class.getName(), "--cache", work.resolve("refused").toString(), "--secret-file",
                secret.toString(), "--mpj-lost-after", "60").await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.BACKEND, refused.exitCode(), refused::toString);
        String said = refused.out() + refused.err();
        assertTrue(said.contains("rank 0 refused a Knock message from rank 2 (host host3): it is sealed with secret " + b
                + ", and this rank's is " + a), refused::toString);
        assertTrue(said.contains("rank 0 (host host1) refused the frames of rank 2: its secret is " + a
                + ", and this rank's is " + b), refused::toString);
        assertTrue(refused.seconds() < 45, "the job took " + refused.seconds() + " s");
    }

    /**
     * As from a login node: no rank on the launcher's host, and the launcher in a PID namespace of its own,
     * so it sees none of the ranks' processes (as on separate machines) and judges them by their markers
     * on the shared file system and by the daemons' connections.
     */
    @Test
    void aLauncherOnAHostWithoutRanksThatCannotSeeTheirProcessesJudgesTheJobRight() throws Exception {
        Path cache = work.resolve("mpj");
        MpjLauncher.Result job = launcher.start(Files.createDirectories(work.resolve("job")),
                cmd -> HOSTS.on(HOSTS.host(1), withOwnPids(cmd)), options(2, HOSTS.hosts().subList(1, 3)), List.of(),
                Sleepy.class.getName(), "--cache", cache.toString()).await(JOB_LIMIT_SECONDS);

        assertEquals(ExitCodes.OK, job.exitCode(), job::toString);
        assertTrue(job.out().contains("OK: 19 done (19 ran, 0 cached)"), job::toString);
        assertEquals(Sleepy.expectedLast(3, 6), CacheReader.open(cache, "sleepy").result("last"));
    }

    /** The command in a PID namespace (and /proc) of its own. */
    private static List<String> withOwnPids(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child", "--"));
        cmd.addAll(command);
        return cmd;
    }

    /** Status and value of every step. */
    private static Map<String, String> outcomes(CacheReader reader) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (StepStatus s : reader.statuses()) {
            outcomes.put(s.step(), s.status() + (s.isDone() ? " " + reader.result(s.step()) : ""));
        }
        return outcomes;
    }
}
