package dev.phasor.cluster.mpj.launch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The JVMs of one job on this machine: MPJ's launcher and its descendants (the multicore JVM), every java
 * process whose command line names the job directory (niodev rank JVMs are the daemon's children, not ours),
 * and the live PIDs of the pid markers that still carry it. Stopped by PID, SIGTERM then SIGKILL.
 */
final class JobProcesses {

    private final JobDir jobDir;
    private final String needle;
    private final long self = ProcessHandle.current().pid();

    JobProcesses(JobDir jobDir) {
        this.jobDir = jobDir;
        this.needle = jobDir.path().toString();
    }

    /** Every live java process of the job, found by its command line (a scan of all processes). */
    Set<ProcessHandle> scan() {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self && carriesJob(p.pid()))
                .filter(p -> ProcFs.command(p.pid()).equals("java")).forEach(found::add);
        for (long pid : jobDir.markedPids()) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> carriesJob(p.pid())).ifPresent(found::add);
        }
        return found;
    }

    /** Kills (SIGKILL) the job's JVM {@code pid} if it is alive; true if it was. */
    boolean kill(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> carriesJob(p.pid()))
                .map(ProcessHandle::destroyForcibly).orElse(false);
    }

    private boolean carriesJob(long pid) {
        return ProcFs.commandLine(pid).contains(needle);
    }

    /**
     * Stops {@code launcher} (may be null), its descendants and the job's JVMs: SIGTERM, {@code graceSeconds}
     * to end, then SIGKILL. Returns the PIDs that needed SIGKILL.
     */
    List<Long> stop(Process launcher, int graceSeconds) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        Optional.ofNullable(launcher).ifPresent(l -> {
            all.add(l.toHandle());
            l.descendants().forEach(all::add);
        });
        all.addAll(scan());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        while (System.nanoTime() < deadline && (all.stream().anyMatch(ProcessHandle::isAlive) || !scan().isEmpty())) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            all.addAll(scan());
        }
        all.addAll(scan());
        List<Long> killed = new ArrayList<>();
        for (ProcessHandle p : all) {
            if (p.isAlive()) {
                p.destroyForcibly();
                if (launcher == null || p.pid() != launcher.pid()) {
                    killed.add(p.pid());
                }
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < end && all.stream().anyMatch(ProcessHandle::isAlive)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        if (launcher != null) {
            try {
                launcher.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return killed;
    }
}
