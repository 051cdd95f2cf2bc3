package dev.phasor.cluster.mpj.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The job's exit code and the lines that explain it, from the ranks' markers and how the watch ended: the
 * highest rank exit code when every rank wrote one; 70 when a rank did not; 124 on timeout. Ranks rank 0 went
 * on without (lost mid-run, their steps run again on the others) do not count: rank 0's exit code speaks for
 * the run they were part of.
 */
record Verdict(int exitCode, List<String> lines) {

    static final int RANK_MISSING = 70;
    static final int TIMEOUT = 124;

    /** What the watch saw besides the markers. */
    record Watch(Ending ending, int timeoutSeconds, int graceSeconds, int startupLimitSeconds, Integer firstFailedRank,
            boolean ranksSeen, Integer launcherExit, String totalSeconds) {
    }

    /** @param lost the ranks rank 0 went on without ({@link JobDir#lostRanks}) */
    static Verdict judge(List<JobDir.Rank> ranks, Set<Integer> lost, Watch watch) {
        List<String> lines = new ArrayList<>();
        if (watch.ending() == Ending.TIMEOUT) {
            long finished = ranks.stream().filter(JobDir.Rank::finished).count();
            lines.add("timeout: the job did not finish within " + watch.timeoutSeconds() + "s (" + finished + " of "
                    + ranks.size() + " ranks finished); killed it");
            lines.addAll(reports(ranks, r -> true));
            return new Verdict(TIMEOUT, lines);
        }
        int max = 0;
        int missing = 0;
        List<JobDir.Rank> counted = new ArrayList<>(ranks);
        for (int r : lost) {
            if (r > 0 && r < ranks.size()) {
                counted.set(r, null);
            }
        }
        lines.addAll(reports(ranks, r -> counted.get(r) != null && counted.get(r).finished()));
        List<String> unfinished = new ArrayList<>();
        for (int r = 0; r < ranks.size(); r++) {
            JobDir.Rank rank = counted.get(r);
            if (rank == null) {
                continue;
            }
            if (rank.finished()) {
                max = Math.max(max, rank.exitCode());
                continue;
            }
            missing++;
            unfinished.add("rank " + r + " did not finish (" + String.join("; ", reasons(r, rank, watch)) + ")");
        }
        lines.addAll(unfinished);
        List<Integer> wentOnWithout = new ArrayList<>(new TreeSet<>(lost));
        wentOnWithout.removeIf(r -> r <= 0 || r >= ranks.size());
        if (!wentOnWithout.isEmpty()) {
            boolean one = wentOnWithout.size() == 1;
            lines.add(ranksNamed(wentOnWithout) + (one ? " was" : " were") + " lost mid-run: rank 0 went on without "
                    + (one ? "it (its" : "them (their") + " steps ran again on the other ranks)");
        }
        if (missing > 0) {
            lines.add("job failed after " + watch.totalSeconds() + "s: " + missing + " of " + ranks.size()
                    + " ranks did not finish");
            return new Verdict(RANK_MISSING, lines);
        }
        return new Verdict(max, lines);
    }

    /**
     * "rank R reported: E" for the chosen ranks with an error marker, one line per distinct error: ranks that all
     * failed the same way (a missing pipeline class, a cache conflict) are named together, "ranks 0-7 reported".
     */
    private static List<String> reports(List<JobDir.Rank> ranks, IntPredicate chosen) {
        Map<String, List<Integer>> byError = new LinkedHashMap<>();
        for (int r = 0; r < ranks.size(); r++) {
            JobDir.Rank rank = ranks.get(r);
            if (chosen.test(r) && rank.error() != null) {
                byError.computeIfAbsent(rank.error(), e -> new ArrayList<>()).add(r);
            }
        }
        List<String> lines = new ArrayList<>();
        byError.forEach((error, who) -> lines.add(ranksNamed(who) + " reported: " + error));
        return lines;
    }

    /** "rank 3", "ranks 0-3", "ranks 0-2, 5": ascending ranks, runs of consecutive ones as ranges. */
    static String ranksNamed(List<Integer> ranks) {
        if (ranks.size() == 1) {
            return "rank " + ranks.get(0);
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < ranks.size()) {
            int j = i;
            while (j + 1 < ranks.size() && ranks.get(j + 1) == ranks.get(j) + 1) {
                j++;
            }
            parts.add(j == i ? ranks.get(i).toString() : ranks.get(i) + "-" + ranks.get(j));
            i = j + 1;
        }
        return "ranks " + String.join(", ", parts);
    }

    private static List<String> reasons(int r, JobDir.Rank rank, Watch watch) {
        List<String> why = new ArrayList<>();
        why.add(rank.exitWritten() ? "unreadable exit marker" : rank.pidWritten() ? "no exit marker" : "never reached MPI.Init");
        if (rank.error() != null) {
            why.add("error: " + rank.error());
        }
        switch (watch.ending()) {
            case FAILED -> why.add("killed " + watch.graceSeconds() + "s after rank " + watch.firstFailedRank() + " failed");
            case NOSTART -> why.add("no rank JVM started within " + watch.startupLimitSeconds() + "s");
            case GONE -> {
                why.add(watch.ranksSeen() ? "its JVM exited" : "the launcher ended before any rank JVM started");
                if (watch.launcherExit() != null) {
                    why.add("launcher exit status " + watch.launcherExit());
                }
            }
            case UNLINKED -> why.add("its JVM exited; the launcher hung waiting for it");
            default -> {
            }
        }
        if (watch.firstFailedRank() != null && watch.firstFailedRank() != r && watch.ending() != Ending.FAILED) {
            why.add("rank " + watch.firstFailedRank() + " had failed");
        }
        return why;
    }
}
