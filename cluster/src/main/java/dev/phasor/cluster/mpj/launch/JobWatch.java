package dev.phasor.cluster.mpj.launch;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Watches a running job until it ends one way or another ({@link Ending}). A round reads the markers and checks
 * the known rank JVMs by PID; the expensive scan of every process's command line runs only when none is
 * known, when one has ended, and at least every 2 s (niodev starts rank JVMs later).
 *
 * <p>A rank rank 0 went on without ({@link JobDir#lostRanks}) no longer counts: the job is done when every
 * other rank finished, its failure does not end the job, and its JVM, if still alive on this host (a hung
 * rank), is killed at once so that it cannot write to the cache while its steps run again elsewhere.
 */
final class JobWatch {

    private static final long ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RESCAN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final LaunchArgs args;
    private final JobDir jobDir;
    private final JobProcesses processes;
    private final Process launcher;
    private final int dport;
    private final String localHost = Machines.localHost();
    private final long startedAt = System.nanoTime();
    private final Consumer<String> log;
    private final Set<Integer> lost = new TreeSet<>();

    private Set<ProcessHandle> known = Set.of();
    private long scannedAt = Long.MIN_VALUE;
    private Integer firstFailedRank;
    private boolean ranksSeen;
    private Integer launcherExit;

    /** @param log where the watch says what it did on its own (stopping a lost rank) */
    JobWatch(LaunchArgs args, JobDir jobDir, JobProcesses processes, Process launcher, int dport, Consumer<String> log) {
        this.log = log;
        this.args = args;
        this.jobDir = jobDir;
        this.processes = processes;
        this.launcher = launcher;
        this.dport = dport;
    }

    /** Watches until the job ends or {@code interrupted} says so (then null). */
    Ending await(BooleanSupplier interrupted) {
        Long failedAt = null;
        boolean linkedSeen = false;
        LaunchArgs.Settings s = args.settings();
        while (!interrupted.getAsBoolean()) {
            List<JobDir.Rank> ranks = jobDir.ranks(args.ranks());
            stopNewlyLost(ranks);
            if (allFinished(ranks)) {
                return Ending.DONE;
            }
            long t = elapsedNanos();
            if (args.timeoutSeconds() > 0 && t >= TimeUnit.SECONDS.toNanos(args.timeoutSeconds())) {
                return Ending.TIMEOUT;
            }
            Integer failed = firstFailed(ranks);
            if (failed == null) {
                failedAt = null; // the rank that failed was then found lost: rank 0 went on without it
                firstFailedRank = null;
            } else {
                if (failedAt == null) {
                    failedAt = t;
                    firstFailedRank = failed;
                }
                if (t - failedAt >= TimeUnit.SECONDS.toNanos(s.graceSeconds())) {
                    return Ending.FAILED;
                }
            }
            boolean launcherAlive = launcher.isAlive();
            Set<ProcessHandle> live = liveRanks(t);
            // The daemon keeps the launcher's connection (it carries the ranks' output) until every rank process
            // of the job has ended: ranks that die before MPI.Init leave the launcher waiting for them for ever.
            if (args.niodev() && launcherAlive && (!linkedSeen || live.isEmpty())) {
                if (ProcFs.connectedTo(launcher.pid(), dport)) {
                    linkedSeen = true;
                } else if (linkedSeen) {
                    return Ending.UNLINKED;
                }
            }
            if (!live.isEmpty() || remotePending(ranks)) {
                ranksSeen = true;
            } else {
                ranksSeen |= jobDir.anyPidMarker();
                if (ranksSeen || !launcherAlive) {
                    return Ending.GONE;
                }
                if (t >= TimeUnit.SECONDS.toNanos(s.startupLimitSeconds())) {
                    return Ending.NOSTART;
                }
            }
            LockSupport.parkNanos(ROUND_NANOS);
        }
        return null;
    }

    /** After DONE or GONE: lets MPJ's launcher relay the last lines and exit by itself, up to the exit grace. */
    void awaitQuietExit() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.settings().exitGraceSeconds());
        while (System.nanoTime() < deadline && (launcher.isAlive() || !rankJvms().isEmpty())) {
            LockSupport.parkNanos(ROUND_NANOS);
        }
    }

    /** The job's JVMs other than MPJ's launcher. */
    Set<ProcessHandle> rankJvms() {
        Set<ProcessHandle> all = new java.util.LinkedHashSet<>(processes.scan());
        all.removeIf(p -> p.pid() == launcher.pid());
        return all;
    }

    /** What the watch saw, for the verdict; {@code launcherExit} only if MPJ's launcher ended by itself. */
    Verdict.Watch seen(Ending ending) {
        return new Verdict.Watch(ending, args.timeoutSeconds(), args.settings().graceSeconds(),
                args.settings().startupLimitSeconds(), firstFailedRank, ranksSeen, launcherExit,
                String.format(java.util.Locale.ROOT, "%.1f", Math.floor(elapsedNanos() / 1e8) / 10));
    }

    /** Records MPJ's launcher's exit status when it has ended by itself (before the job is stopped). */
    void noteLauncherExit() {
        if (!launcher.isAlive()) {
            launcherExit = launcher.exitValue();
        }
    }

    private long elapsedNanos() {
        return System.nanoTime() - startedAt;
    }

    /**
     * Takes note of the ranks rank 0 has just declared lost, and kills the JVM of each that is still alive on
     * this host (under multicore every rank shares rank 0's JVM: that one is left alone).
     */
    private void stopNewlyLost(List<JobDir.Rank> ranks) {
        Set<Integer> now = jobDir.lostRanks(ranks.size());
        now.removeAll(lost);
        if (now.isEmpty()) {
            return;
        }
        Long coordinator = jobDir.pid(0);
        for (int r : now) {
            lost.add(r);
            JobDir.Rank rank = ranks.get(r);
            Long pid = jobDir.pid(r);
            boolean local = rank.host() == null || rank.host().isEmpty() || rank.host().equals(localHost);
            if (pid != null && local && !pid.equals(coordinator) && pid != launcher.pid() && processes.kill(pid)) {
                log.accept("rank " + r + " was lost mid-run and rank 0 went on without it: killed its JVM " + pid);
            }
        }
    }

    private boolean allFinished(List<JobDir.Rank> ranks) {
        for (int r = 0; r < ranks.size(); r++) {
            if (!lost.contains(r) && !ranks.get(r).finished()) {
                return false;
            }
        }
        return true;
    }

    private Integer firstFailed(List<JobDir.Rank> ranks) {
        for (int r = 0; r < ranks.size(); r++) {
            if (!lost.contains(r) && ranks.get(r).failed()) {
                return r;
            }
        }
        return null;
    }

    private Set<ProcessHandle> liveRanks(long t) {
        long alive = known.stream().filter(ProcessHandle::isAlive).count();
        if (alive == 0 || alive < known.size() || t - scannedAt >= RESCAN_NANOS) {
            known = rankJvms();
            scannedAt = t;
            return known;
        }
        return known;
    }

    /**
     * A rank on another host (its host marker names another host) has not written its exit marker: its PID cannot
     * be seen from here, so it counts as running until its exit marker appears, the daemon drops the launcher or
     * the timeout passes.
     */
    private boolean remotePending(List<JobDir.Rank> ranks) {
        for (int i = 0; i < ranks.size(); i++) {
            JobDir.Rank r = ranks.get(i);
            if (!lost.contains(i) && !r.finished() && r.host() != null && !r.host().isEmpty()
                    && !r.host().equals(localHost)) {
                return true;
            }
        }
        return false;
    }
}
