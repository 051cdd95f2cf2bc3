package dev.phasor.cluster.mpj.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static JobDir.Rank finished(int code, String error) {
        return new JobDir.Rank(true, code, true, error, "h");
    }

    private static final JobDir.Rank RUNNING = new JobDir.Rank(false, null, true, null, "h");
    private static final JobDir.Rank NEVER_STARTED = new JobDir.Rank(false, null, false, null, null);

    private static Verdict.Watch watch(Ending ending, Integer firstFailed) {
        return new Verdict.Watch(ending, 30, 10, 60, firstFailed, true, null, "4.2");
    }

    @Test
    void whenEveryRankFinishedTheHighestExitCodeIsTheJobs() {
        Verdict v = Verdict.judge(List.of(finished(0, null), finished(3, "cache conflict"), finished(1, null)),
                Set.of(), watch(Ending.DONE, 1));

        assertEquals(3, v.exitCode());
        assertEquals(List.of("rank 1 reported: cache conflict"), v.lines());
    }

    @Test
    void ranksThatReportedTheSameErrorAreNamedInOneLine() {
        String missing = "pipeline class 'x' not found";
        Verdict v = Verdict.judge(List.of(finished(2, missing), finished(2, missing), finished(2, missing),
                finished(2, "other"), finished(2, missing)), Set.of(), watch(Ending.DONE, 0));

        assertEquals(2, v.exitCode());
        assertEquals(List.of("ranks 0-2, 4 reported: " + missing, "rank 3 reported: other"), v.lines());
    }

    @Test
    void aRankWithoutExitMarkerFailsTheJobWith70SayingHowFarItGot() {
        Verdict v = Verdict.judge(List.of(finished(1, "step boom failed"), RUNNING, NEVER_STARTED),
                Set.of(), watch(Ending.FAILED, 0));

        assertEquals(70, v.exitCode());
        assertEquals(List.of("rank 0 reported: step boom failed",
                "rank 1 did not finish (no exit marker; killed 10s after rank 0 failed)",
                "rank 2 did not finish (never reached MPI.Init; killed 10s after rank 0 failed)",
                "job failed after 4.2s: 2 of 3 ranks did not finish"), v.lines());
    }

    @Test
    void aRankWhoseJvmExitedIsNamedWithTheLaunchersStatusAndTheEarlierFailure() {
        Verdict v = Verdict.judge(List.of(finished(0, null), RUNNING),
                Set.of(), new Verdict.Watch(Ending.GONE, 30, 10, 60, 0, true, 0, "1.0"));

        assertEquals(List.of("rank 1 did not finish (no exit marker; its JVM exited; launcher exit status 0; rank 0 had failed)",
                "job failed after 1.0s: 1 of 2 ranks did not finish"), v.lines());
    }

    @Test
    void aTimeoutExits124CountingTheFinishedRanks() {
        Verdict v = Verdict.judge(List.of(finished(0, null), new JobDir.Rank(false, null, true, "stuck", "h")),
                Set.of(), watch(Ending.TIMEOUT, null));

        assertEquals(124, v.exitCode());
        assertEquals(List.of("timeout: the job did not finish within 30s (1 of 2 ranks finished); killed it",
                "rank 1 reported: stuck"), v.lines());
    }

    @Test
    void noRankJvmWithinTheStartupLimitIsSaid() {
        Verdict v = Verdict.judge(List.of(NEVER_STARTED), Set.of(), watch(Ending.NOSTART, null));

        assertEquals("rank 0 did not finish (never reached MPI.Init; no rank JVM started within 60s)", v.lines().get(0));
    }

    @Test
    void ranksRankZeroWentOnWithoutDoNotFailTheJobAndTheirOwnErrorsAreNotReported() {
        Verdict v = Verdict.judge(List.of(finished(0, null), finished(0, null), RUNNING,
                finished(4, "rank 3 stops, as it lost rank 0 (the coordinator)")), Set.of(2, 3), watch(Ending.DONE, null));

        assertEquals(0, v.exitCode());
        assertEquals(List.of("ranks 2-3 were lost mid-run: rank 0 went on without them (their steps ran again on the"
                + " other ranks)"), v.lines());
    }

    @Test
    void aRankMissingBesidesALostOneStillFailsTheJob() {
        Verdict v = Verdict.judge(List.of(finished(0, null), RUNNING, NEVER_STARTED), Set.of(1), watch(Ending.GONE, null));

        assertEquals(70, v.exitCode());
        assertEquals(List.of("rank 2 did not finish (never reached MPI.Init; its JVM exited)",
                "rank 1 was lost mid-run: rank 0 went on without it (its steps ran again on the other ranks)",
                "job failed after 4.2s: 1 of 3 ranks did not finish"), v.lines());
    }
}
