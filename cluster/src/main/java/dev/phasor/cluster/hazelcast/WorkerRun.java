package dev.phasor.cluster.hazelcast;

import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepRecords;
import dev.phasor.cache.StepStatus;
import dev.phasor.cluster.secret.ReplayGuard;
import dev.phasor.cluster.secret.MessageKeys;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.StepExecutor;
import dev.phasor.exec.StepReport;
import dev.phasor.internal.FileLook;
import dev.phasor.internal.IsoInstant;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One run as a worker holds it: the pipeline it built, and the threads running its steps (so that an
 * abort can interrupt them and wait for them). When results travel over the network, {@code scratch} is
 * a private cache directory for the step inputs the coordinator sends; it is deleted once the run is
 * released and its last step has ended.
 */
final class WorkerRun {

    final String id;
    final UUID coordinator;
    final PreparedPipeline prepared;
    final StepExecutor executor;
    private final StepRecords records;
    final WorkerAnswer answer;
    /** Private cache root when results are carried, else null (the shared cache is used). */
    final Path scratch;
    /** True for the class loader of a build the worker keeps for later runs: not closed with this run. */
    private final Predicate<ClassLoader> keptLoader;
    /** Before any step of this run ran here: a status on disk that started later was written in this run. */
    private final Instant preparedAt = Instant.now();
    private final Set<Thread> active = new HashSet<>();
    /** Each sequence number of the run's messages is taken once. */
    final ReplayGuard replays = new ReplayGuard();
    /** The run's key when its messages are sealed, else null; set before the run is published to other threads. */
    private MessageKeys keys;
    private boolean released;
    /** Why the run was released here (it finished, was aborted, this worker was dropped...), once it was. */
    private String releaseReason;

    WorkerRun(String id, UUID coordinator, PreparedPipeline prepared, WorkerAnswer answer, Path scratch,
            Predicate<ClassLoader> keptLoader) {
        this.keptLoader = keptLoader;
        this.id = id;
        this.coordinator = coordinator;
        this.prepared = prepared;
        this.executor = prepared.executor();
        this.records = new StepRecords(prepared.results());
        this.answer = answer;
        this.scratch = scratch;
    }

    /** This run, its messages sealed with {@code runKeys} (null: in the clear). */
    WorkerRun sealedWith(MessageKeys runKeys) {
        this.keys = runKeys;
        return this;
    }

    MessageKeys keys() {
        return keys;
    }

    boolean carriesResults() {
        return scratch != null;
    }

    /** Registers the calling thread as running a step; false if the run was released meanwhile. */
    synchronized boolean enter() {
        if (released) {
            return false;
        }
        active.add(Thread.currentThread());
        return true;
    }

    /** The calling thread's step has ended. */
    void exit() {
        boolean last;
        synchronized (this) {
            active.remove(Thread.currentThread());
            last = released && active.isEmpty();
            notifyAll();
        }
        if (last) {
            cleanUp();
        }
        Thread.interrupted(); // an abort's interrupt must not leak into the pool thread's next task
    }

    /** Waits until no step of this run is running, at most {@code nanos}; false if some still are. */
    synchronized boolean awaitIdle(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!active.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * For a step dispatched again: the report of an earlier attempt that completed (its result valid for
     * this key, its status done) but whose answer was lost with its worker, so the first complete result
     * wins and is not written twice; null if there is none. Only results of this run can match: the
     * coordinator dispatches a step only if it had no valid result when its phase started.
     */
    StepReport completedEarlier(String step) {
        if (carriesResults()) {
            return null; // the coordinator writes carried results: nothing here to reuse
        }
        prepared.step(step); // a generated step: its expansion is re-applied here first, so it has a key
        String key = prepared.key(step);
        StepStatus status = StatusFiles.read(prepared.layout().statusFile(step));
        if (status != null && status.isDone() && key.equals(status.key()) && prepared.results().isValid(step, key)) {
            return new StepReport(status, null);
        }
        return null;
    }

    /**
     * True if the run was released here, or the step's status on disk is newer than an attempt of this run
     * that starts now, so running it would be wasted: it was dispatched again while this worker was frozen or
     * cut off (a batch queued here still holds it), or a later run did it.
     */
    boolean superseded(String step, int attempt) {
        return isReleased() || newerOnDisk(statusOnDisk(prepared.layout().statusFile(step)), attempt, Instant.now());
    }

    /**
     * Writes what an attempt that ran here produced (its result, then its status, through the cache's one
     * writer, {@link StepRecords#attempt}) unless it has been superseded; returns the report with the result's
     * size, or null if superseded. An attempt is superseded when the run was released here (this worker was
     * dropped from it, or the run ended or was aborted), or when the step's status on disk is newer
     * ({@link #newerOnDisk}). Such a late attempt writes nothing, so it never replaces a newer result or
     * status; the coordinator, which let go of its worker, takes no report from it.
     */
    StepReport keep(StepReport ran) throws IOException {
        StepStatus s = ran.status();
        StepStatus kept = records.attempt(s, ran.result(), current(s.step(), s.attempt(), parse(s.started())));
        return kept == null ? null : new StepReport(kept, null);
    }

    /**
     * Whether an attempt of {@code step} that started at {@code started} is still current (see {@link #keep}):
     * asked again right before each rename, so a worker frozen mid-write does not land a stale file on waking.
     * The step's result is written under it as the step ends ({@link StepExecutor#execute(dev.phasor.transport.Order,
     * String, StepExecutor.ResultGate)}), its status then by {@link #keep}; once false it stays false.
     */
    BooleanSupplier current(String step, int attempt, Instant started) {
        Path statusFile = prepared.layout().statusFile(step);
        return () -> !isReleased() && !newerOnDisk(statusOnDisk(statusFile), attempt, started);
    }

    /**
     * True if {@code onDisk} was written by a newer attempt than {@code attempt}, which started at {@code
     * started}: one that started later (any run), or one of this run or a later one (it started after this
     * run was prepared here) with an attempt number at least as high. The second rule catches an attempt
     * that only starts after its step was done again elsewhere, e.g. from a batch that waited in this
     * worker's queue while it was frozen; attempt numbers only grow within a run, and this attempt writes
     * its status last, so an equal number there is never its own. Statuses the coordinator writes without a
     * start time never count. Start times written by other hosts are compared with this host's clock: a skew
     * larger than the time since this run was prepared here weakens the second rule.
     */
    private boolean newerOnDisk(StepStatus onDisk, int attempt, Instant started) {
        Instant diskStarted = onDisk == null ? null : parse(onDisk.started());
        if (diskStarted == null) {
            return false;
        }
        return started != null && diskStarted.isAfter(started)
                || onDisk.attempt() >= attempt && diskStarted.isAfter(preparedAt);
    }

    /**
     * The step's status file, or null if there is none. Looked up first: on a fresh run there is none, and
     * reading a missing file costs an exception (two, with its stack trace) where a look costs one stat; each
     * step asks three times (before it runs, and before each of its two renames).
     */
    private static StepStatus statusOnDisk(Path statusFile) {
        return FileLook.exists(statusFile) ? StatusFiles.read(statusFile) : null;
    }

    private static Instant parse(String instant) {
        return IsoInstant.parse(instant); // Instant.parse was a fifth of a kept step's time on a fresh worker
    }

    synchronized boolean isReleased() {
        return released;
    }

    synchronized String releaseReason() {
        return releaseReason;
    }

    /**
     * Ends the run here for {@code reason}; with {@code interrupt}, its running steps are interrupted (as the
     * local backend does).
     */
    void release(String reason, boolean interrupt) {
        boolean idle;
        synchronized (this) {
            released = true;
            releaseReason = reason;
            if (interrupt) {
                active.forEach(Thread::interrupt); // under the lock: each thread is still inside this run's step
            }
            idle = active.isEmpty();
        }
        if (idle) {
            cleanUp();
        }
    }

    /** Writes the inputs the coordinator sent into the scratch cache; a missing one fails the step there. */
    void stage(Map<String, byte[]> inputs) {
        inputs.forEach((step, payload) -> {
            String key = prepared.key(step);
            if (key != null && !prepared.results().isValid(step, key)) {
                try {
                    prepared.results().write(step, key, payload);
                } catch (IOException e) {
                    // the step then fails with InputUnavailable, naming this input
                }
            }
        });
    }

    /** Once released and idle: closes the pipeline's own class loader (its jars) and deletes the scratch cache. */
    private void cleanUp() {
        if (!keptLoader.test(prepared.loader())) {
            closeLoader(prepared.loader());
        }
        if (scratch != null) {
            deleteTree(scratch);
        }
    }

    /** Closes a class loader made for one run's {@code --classpath} (never the worker's own). */
    static void closeLoader(ClassLoader loader) {
        if (loader instanceof URLClassLoader own && own != WorkerRun.class.getClassLoader()) {
            try {
                own.close();
            } catch (IOException e) {
                // its jar files are released when it is collected
            }
        }
    }

    /** Deletes a private directory tree, best effort: a temporary directory left behind is harmless. */
    static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort, see above
        }
    }
}
