package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** scripts/lib-nodelist.sh, the expansion bin/mpjrun.sh uses for SLURM_JOB_NODELIST when scontrol is missing. */
class MpjSlurmNodeListTest {

    private record Expansion(int code, List<String> hosts, String err) {
    }

    private static Expansion expand(String list) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". \"$0\"; nodelist_expand \"$1\"",
                MpjLauncher.findRepo().resolve("scripts/lib-nodelist.sh").toString(), list).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return new Expansion(p.exitValue(), out.lines().toList(), err);
    }

    @Test
    @Timeout(30)
    void rangesListsAndPlainNamesExpandInOrderKeepingZeroPadding() throws Exception {
        assertEquals(List.of("node01", "node02", "node03", "node07", "gpu5"), expand("node[01-03,07],gpu5").hosts());
        assertEquals(List.of("localhost"), expand("localhost").hosts());
        assertEquals(List.of("n08", "n09", "n10", "x.lab-1"), expand("n[08-10],x.lab-1").hosts());
        assertEquals(List.of("r1-n1", "r1-n2", "r2-n1", "r2-n2"), expand("r[1-2]-n[1-2]").hosts());
        assertEquals(List.of("c9", "c10"), expand("c[9-10]").hosts());
        assertEquals(1000, expand("big[0001-1000]").hosts().size());
    }

    @Test
    @Timeout(30)
    void malformedListsFailNamingTheProblem() throws Exception {
        assertRefused("node[01-03", "unclosed '['");
        assertRefused("node01-03]", "unbalanced ']'");
        assertRefused("node[3-1]", "range '3-1' goes down");
        assertRefused("node[a-b]", "'a-b' in '[a-b]' is not a number or a lo-hi range");
        assertRefused("node[]", "empty brackets");
        assertRefused("a,,b", "empty host name");
        assertRefused("a b", "white space");
        assertRefused("n[1-200000]", "more than 100000 hosts");
        assertRefused("", "empty node list");
    }

    @Test
    @Timeout(90)
    void mpjrunRefusesAMalformedAllocationNodeList(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(MpjLauncher.findRepo().resolve("bin/mpjrun.sh").toString(), "-np", "1",
                "-dev", "niodev", "-cp", tmp.toString(), "NoSuchClass").redirectErrorStream(true);
        pb.environment().put("SLURM_JOB_NODELIST", "node[01-03");
        pb.environment().put("PHASOR_SLURM_NO_SCONTROL", "1");
        pb.environment().put("TMPDIR", tmp.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(64, p.exitValue(), out);
        assertTrue(out.contains("nodelist: unclosed '[' in 'node[01-03'")
                && out.contains("cannot read the Slurm node list SLURM_JOB_NODELIST='node[01-03'"), out);
    }

    private static void assertRefused(String list, String why) throws Exception {
        Expansion e = expand(list);
        assertEquals(1, e.code(), list + " -> " + e);
        assertTrue(e.err().contains(why), list + ": " + e.err());
    }
}
