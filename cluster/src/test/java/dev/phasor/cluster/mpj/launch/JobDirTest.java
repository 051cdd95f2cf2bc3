package dev.phasor.cluster.mpj.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDirTest {

    @TempDir
    Path dir;

    @Test
    void markersTellWhatEachRankDidSoFar() throws Exception {
        Files.writeString(dir.resolve("rank-0.exit"), "0\n");
        Files.writeString(dir.resolve("rank-0.pid"), "123\n");
        Files.writeString(dir.resolve("rank-0.host"), "node1\n");
        Files.writeString(dir.resolve("rank-1.exit"), "garbage");
        Files.writeString(dir.resolve("rank-1.error"), "first\r\nsecond\n");
        Files.writeString(dir.resolve("rank-2.exit"), "4000");
        JobDir job = new JobDir(dir);

        JobDir.Rank r0 = job.rank(0);
        assertEquals(0, r0.exitCode());
        assertEquals("node1", r0.host());
        assertFalse(r0.failed());
        JobDir.Rank r1 = job.rank(1);
        assertTrue(r1.exitWritten());
        assertNull(r1.exitCode(), "an exit marker without digits is unreadable");
        assertEquals("first  second", r1.error());
        assertTrue(r1.failed());
        assertEquals(255, job.rank(2).exitCode(), "codes above 255 are clamped");
        assertFalse(job.rank(3).pidWritten());
        assertEquals(List.of(123L), job.markedPids());
    }

    @Test
    void theLostMarkerNamesTheRanksRankZeroWentOnWithoutAndNothingElse() throws Exception {
        JobDir job = new JobDir(dir);
        assertEquals(Set.of(), job.lostRanks(4), "no marker: no rank lost");
        Files.writeString(dir.resolve("rank-0.lost"), "3 1 0 9 x\n");

        assertEquals(Set.of(1, 3), job.lostRanks(4), "rank 0 and ranks outside the job are never lost");
    }
}
