package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.cluster.slurm.LocalSlurm;
import dev.phasor.testkit.Diamond;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * node here is this host), stopped when the job ends.
 */
class MpjSlurmTest {

    @RegisterExtension
    static final LocalSlurm SLURM = new LocalSlurm();

    private static final Path REPO = MpjLauncher.findRepo();

    @TempDir
    Path work;

    @Test
    @Timeout(150)
    void aNiodevJobInsideAnAllocationRunsOnTheAllocationsNodes() throws Exception {
        Path cache = work.resolve("cache");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        List<String> cmd = List.of("salloc", "--nodes=1", "--time=5", "--job-name=phasor-mpj-test",
                REPO.resolve("bin/mpjrun.sh").toString(), "-np", "2", "-dev", "niodev", "-timeout", "100", "-cp",
                MpjLauncher.testClassPath(), Diamond.class.getName(), "--cache", cache.toString());
        Map<String, String> env = new HashMap<>(SLURM.env());
        env.put("TMPDIR", tmp.toString()); // the job directory (rank markers) stays private to this test
        env.put("PHASOR_MPJ_SLURM_DAEMONS", "1");
        LocalSlurm.Result job = LocalSlurm.run(cmd, env, 130);

        assertEquals(0, job.code(), job + SLURM.logs());
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
