package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.cluster.slurm.LocalSlurm;
import dev.phasor.testkit.Diamond;
import dev.phasor.testkit.Sleepy;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mpjrun.sh inside a real Slurm allocation (salloc): its niodev hosts come from SLURM_JOB_NODELIST and its
 * daemons from an srun step on the allocation's nodes (forced with PHASOR_MPJ_SLURM_DAEMONS=1, as the one
 * node here is this host), stopped when the job ends, or when the allocation is cancelled.
 */
class MpjSlurmTest {

    @RegisterExtension
    static final LocalSlurm SLURM = new LocalSlurm();

    private static final Path REPO = MpjLauncher.findRepo();

    @TempDir
    Path work;

    /** With the secret from the environment, as a batch script would set it: the ranks seal their messages. */
    @Test
    @Timeout(150)
    void aNiodevJobInsideAnAllocationRunsOnTheAllocationsNodes() throws Exception {
        Path cache = work.resolve("cache");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path secret = work.resolve("secret");
        Files.writeString(secret, "0123456789abcdef0123\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        List<String> cmd = List.of("salloc", "--nodes=1", "--time=5", "--job-name=phasor-mpj-test",
                REPO.resolve("bin/mpjrun.sh").toString(), "-np", "2", "-dev", "niodev", "-timeout", "100", "-cp",
                MpjLauncher.testClassPath(), Diamond.class.getName(), "--cache", cache.toString(), "-v");
        Map<String, String> env = new HashMap<>(SLURM.env());
        env.put("TMPDIR", tmp.toString()); // the job directory (rank markers) stays private to this test
        env.put("PHASOR_MPJ_SLURM_DAEMONS", "1");
        env.put(SharedSecret.ENV, secret.toString());
        LocalSlurm.Result job = LocalSlurm.run(cmd, env, 130);

        assertEquals(0, job.code(), job + SLURM.logs());
        assertTrue((job.out() + job.err()).contains("phasor: mpj: messages between ranks are sealed with secret "
                + SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII)).id()), job.toString());
        assertTrue(job.err().contains("Granted job allocation"), "ran inside an allocation: " + job.err());
        assertTrue(job.err().contains("machines from SLURM_JOB_NODELIST=localhost: 1 host(s): localhost"), job.err());
        Matcher daemons = Pattern.compile("niodev daemons on port (\\d+) on 1 Slurm node\\(s\\)").matcher(job.err());
        assertTrue(daemons.find(), "daemons started by srun: " + job.err());
        String daemonHome = "daemons/" + daemons.group(1) + "/home";
        assertTrue(LocalSlurm.processesWith(daemonHome).isEmpty(), "the srun step's daemon was stopped");
        CacheReader reader = CacheReader.open(cache, "diamond");
        assertEquals(Diamond.expectedTotal(8), reader.result("total"));
        Set<String> ranks = reader.statuses().stream().map(StepStatus::worker).collect(Collectors.toSet());
        assertEquals(Set.of("mpj:rank-0", "mpj:rank-1"), ranks, "both niodev ranks ran steps");
        LocalSlurm.Result queue = LocalSlurm.run(List.of("squeue", "-h", "-o", "%i"), SLURM.env(), 30);
        assertTrue(queue.out().isBlank(), "the allocation was released: " + queue);
    }

    /**
     * The daemons of a job live no longer than its allocation: cancelled mid-run with scancel (Slurm then signals
     * the daemons' srun step, and salloc leaves the launcher running), none of the job's daemons is left.
     */
    @Test
    @Timeout(200)
    void aCancelledAllocationLeavesNoDaemonOfItsJob() throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path out = work.resolve("salloc.out");
        Path err = work.resolve("salloc.err");
        List<String> cmd = List.of("salloc", "--nodes=1", "--time=5", "--job-name=phasor-mpj-cancel",
                REPO.resolve("bin/mpjrun.sh").toString(), "-np", "2", "-dev", "niodev", "-timeout", "150", "-cp",
                MpjLauncher.testClassPath(), "-jvmarg", "-Dphasor.test.sleepMs=3000", Sleepy.class.getName(), "--cache",
                work.resolve("cache").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(SLURM.env());
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().put("PHASOR_MPJ_SLURM_DAEMONS", "1");
        Process salloc = pb.start();
        String daemonHome = null;
        try {
            Pattern ready = Pattern.compile("niodev daemons on port (\\d+) on 1 Slurm node\\(s\\)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (daemonHome == null && System.nanoTime() < deadline && salloc.isAlive()) {
                Matcher m = ready.matcher(Files.readString(err));
                daemonHome = m.find() ? "daemons/" + m.group(1) + "/home" : null;
                MpjLauncher.pollInterval();
            }
            assertTrue(daemonHome != null && !LocalSlurm.processesWith(daemonHome).isEmpty(),
                    "the job's daemons were not started: " + Files.readString(err) + SLURM.logs());

            LocalSlurm.Result cancel = LocalSlurm.run(List.of("scancel", "--name=phasor-mpj-cancel"), SLURM.env(), 30);
            assertEquals(0, cancel.code(), cancel.toString());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!LocalSlurm.processesWith(daemonHome).isEmpty() && System.nanoTime() < deadline) {
                MpjLauncher.pollInterval();
            }

            assertEquals(List.of(), LocalSlurm.processesWith(daemonHome).stream().map(ProcessHandle::pid).toList(),
                    "daemons of the cancelled job still running 60 s after scancel\n" + Files.readString(err));
        } finally {
            List<ProcessHandle> left = new ArrayList<>(salloc.descendants().toList());
            if (daemonHome != null) {
                left.addAll(LocalSlurm.processesWith(daemonHome));
            }
            salloc.destroy();
            if (!salloc.waitFor(30, TimeUnit.SECONDS)) {
                salloc.destroyForcibly();
            }
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Timeout(30)
    void theFallbackParserExpandsNodeListsAsSlurmDoes() throws Exception {
        String list = "node[01-03,07],gpu5,r[1-2]-n[8-10],c[9-10]";
        LocalSlurm.Result slurm = LocalSlurm.run(List.of("scontrol", "show", "hostnames", list), SLURM.env(), 20);
        assertEquals(0, slurm.code(), slurm.toString());
        LocalSlurm.Result ours = LocalSlurm.run(List.of("bash", "-c", ". \"$0\"; nodelist_expand \"$1\"",
                REPO.resolve("scripts/lib-nodelist.sh").toString(), list), Map.of(), 20);
        assertEquals(0, ours.code(), ours.toString());
        assertEquals(slurm.out().lines().toList(), ours.out().lines().toList());
    }
}
