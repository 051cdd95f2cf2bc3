package dev.phasor.cache;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.phasor.internal.IsoInstant;
import java.util.List;
import java.util.Locale;

/**
 * Where one step stands: in the run going on, or, read from {@code <step>.status}, after the latest run that
 * touched it. Its {@link #state} is one of five; what it carries depends on its {@link Outcome}, a sealed
 * type (a failure has an error, a skip the step it blames, a held step the reason). On disk and in JSON it is
 * the flat {@link StatusRecord} ({@link #toRecord}), whose accessors this type keeps for readers.
 *
 * @param step the step's name
 * @param phase its phase
 * @param key the step key the outcome belongs to
 * @param outcome where the step stands
 */
public record StepStatus(String step, int phase, String key, Outcome outcome) {

    /** ezpyp's status codes, as {@link #status} returns them. */
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int SKIPPED = 2;
    public static final int UNFINISHED = -1;

    /** The five states; {@link #word} is how status files and the CLI spell it. */
    public enum State {
        PENDING(UNFINISHED), RUNNING(UNFINISHED), DONE(StepStatus.DONE), FAILED(StepStatus.FAILED),
        SKIPPED(StepStatus.SKIPPED);

        private final int code;

        State(int code) {
            this.code = code;
        }

        /** ezpyp's code: 0 done, 1 failed, 2 skipped, -1 not finished. */
        public int code() {
            return code;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a step stands, with what only that state has. */
    public sealed interface Outcome permits Pending, Running, Done, Failed, Skipped {
        State state();
    }

    /** Not run yet; {@code heldBecause} says why this run left it so ({@code --until}...), or is null. */
    public record Pending(String heldBecause) implements Outcome {
        public State state() {
            return State.PENDING;
        }
    }

    /** Ordered to a worker; the worker knows when it started. */
    public record Running(int attempt) implements Outcome {
        public State state() {
            return State.RUNNING;
        }
    }

    /** Ran, or reused ({@code cached}) a stored result of {@code resultBytes} bytes. */
    public record Done(Run run, long resultBytes, boolean cached) implements Outcome {
        public State state() {
            return State.DONE;
        }
    }

    /**
     * Its last attempt failed with {@code errorType} (the exception class, {@code ShellCommandFailed},
     * {@code Timeout}, {@code WorkerLost}...); {@code reason} is set when the engine gave it up.
     */
    public record Failed(Run run, String errorType, String message, String stackTrace, String reason)
            implements Outcome {
        public State state() {
            return State.FAILED;
        }
    }

    /** Not run because {@code blamedStep} (upstream) failed; {@code at} is when that was decided. */
    public record Skipped(String at, String reason, String blamedStep) implements Outcome {
        public State state() {
            return State.SKIPPED;
        }
    }

    /**
     * When and where a step's last attempt ran.
     *
     * @param started ISO-8601 start time, or null
     * @param ended ISO-8601 end time, or null
     * @param durationMs wall time of the step body and result write, in milliseconds
     * @param worker {@code local:thread-2}, {@code mpj:rank-3}, a Hazelcast member...
     * @param host the worker's host name
     * @param attempt 1 for the first
     * @param attempts every attempt of the run, oldest first, when there were several (else null)
     */
    public record Run(String started, String ended, double durationMs, String worker, String host, int attempt,
            List<Attempt> attempts) {
    }

    /**
     * One attempt of a step that was tried more than once.
     *
     * @param attempt its number, 1 for the first
     * @param started ISO-8601 start time
     * @param ended ISO-8601 end time
     * @param durationMs its wall time
     * @param state {@code done}, {@code failed} or {@code timed-out}
     * @param errorType for a failure, the exception class, {@code ShellCommandFailed} or {@code Timeout}
     * @param errorMessage for a failure, its message
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, String started, String ended, double durationMs, String state,
            String errorType, String errorMessage) {
    }

    /** A step not run yet. */
    public static StepStatus pending(String step, int phase, String key) {
        return new StepStatus(step, phase, key, new Pending(null));
    }

    /** A step this run leaves pending on purpose ({@code --until}, {@code --restart-failed}); {@code reason} says why. */
    public static StepStatus held(String step, int phase, String key, String reason) {
        return new StepStatus(step, phase, key, new Pending(reason));
    }

    /** A step skipped because {@code blamed} failed. */
    public static StepStatus skipped(String step, int phase, String key, String reason, String blamed) {
        return new StepStatus(step, phase, key, new Skipped(java.time.Instant.now().toString(), reason, blamed));
    }

    /** A step that ran and stored {@code resultBytes} bytes. */
    public static StepStatus done(String step, int phase, String key, Run run, long resultBytes) {
        return new StepStatus(step, phase, key, new Done(run, resultBytes, false));
    }

    /** A step whose valid result is reused though the run that wrote it stopped before its status. */
    public static StepStatus recovered(String step, int phase, String key) {
        return new StepStatus(step, phase, key, new Done(new Run(null, null, 0, "recovered", null, 0, null), 0, true));
    }

    /** A step whose attempt failed. */
    public static StepStatus failed(String step, int phase, String key, Run run, String errorType, String message,
            String stackTrace) {
        return new StepStatus(step, phase, key, new Failed(run, errorType, message, stackTrace, null));
    }

    /** A step the engine gave up on without an attempt's report (its workers were lost): {@code why} says why. */
    public static StepStatus givenUp(String step, int phase, String key, int attempt, String errorType, String why) {
        Run run = new Run(null, IsoInstant.format(java.time.Instant.now()), 0, null, null, attempt, null);
        return new StepStatus(step, phase, key, new Failed(run, errorType, why, null, null));
    }

    /** How this status is written to disk and to JSON. */
    @JsonValue
    public StatusRecord toRecord() {
        Run r = lastRun();
        return new StatusRecord(step, phase, status(), state().word(), key, run(), started(), ended(),
                r == null ? 0 : r.durationMs(), r == null ? null : r.worker(), r == null ? null : r.host(), attempt(),
                errorType(), errorMessage(), stackTrace(), reason(), blamedStep(), resultBytes(),
                r == null ? null : r.attempts());
    }

    public State state() {
        return outcome.state();
    }

    /** ezpyp's code: 0 done, 1 failed, 2 skipped, -1 pending or running. */
    public int status() {
        return outcome.state().code();
    }

    @JsonIgnore
    public boolean isDone() {
        return outcome instanceof Done;
    }

    /** True while the step has no outcome: pending (not run yet, or held back by a filter) or running. */
    @JsonIgnore
    public boolean isUnfinished() {
        return status() == UNFINISHED;
    }

    /** A copy marked as reused from the cache by this run. */
    public StepStatus asCached() {
        return outcome instanceof Done d ? new StepStatus(step, phase, key, new Done(d.run(), d.resultBytes(), true))
                : this;
    }

    /** This pending step, now ordered to a worker (its first attempt). */
    public StepStatus asRunning() {
        return new StepStatus(step, phase, key, new Running(1));
    }

    /** This status with the attempt history {@code history}. */
    public StepStatus withAttempts(List<Attempt> history) {
        Run r = lastRun();
        if (r == null) {
            return this;
        }
        Run with = new Run(r.started(), r.ended(), r.durationMs(), r.worker(), r.host(), r.attempt(), history);
        return new StepStatus(step, phase, key, outcome instanceof Done d ? new Done(with, d.resultBytes(), d.cached())
                : outcome instanceof Failed f ? new Failed(with, f.errorType(), f.message(), f.stackTrace(), f.reason())
                : outcome);
    }

    /** This status with its result's size on disk {@code bytes} (a done step's result written elsewhere). */
    public StepStatus withResultBytes(long bytes) {
        return outcome instanceof Done d ? new StepStatus(step, phase, key, new Done(d.run(), bytes, d.cached())) : this;
    }

    /** This attempt as a line of a retried step's history. */
    public Attempt asAttempt() {
        String word = isDone() ? "done" : "Timeout".equals(errorType()) ? "timed-out" : "failed";
        return new Attempt(attempt(), started(), ended(), durationMs(), word, errorType(), errorMessage());
    }

    /** The last attempt's run, for a done or failed step; null otherwise. */
    @JsonIgnore
    public Run lastRun() {
        return outcome instanceof Done d ? d.run() : outcome instanceof Failed f ? f.run() : null;
    }

    /** {@code ran}, {@code cached}, {@code not run} (held), or null. */
    public String run() {
        if (outcome instanceof Done d) {
            return d.cached() ? "cached" : "ran";
        }
        if (outcome instanceof Failed) {
            return "ran";
        }
        return outcome instanceof Pending p && p.heldBecause() != null ? "not run" : null;
    }

    public String started() {
        Run r = lastRun();
        return r != null ? r.started() : outcome instanceof Skipped s ? s.at() : null;
    }

    public String ended() {
        Run r = lastRun();
        return r != null ? r.ended() : outcome instanceof Skipped s ? s.at() : null;
    }

    public double durationMs() {
        Run r = lastRun();
        return r == null ? 0 : r.durationMs();
    }

    public String worker() {
        Run r = lastRun();
        return r == null ? null : r.worker();
    }

    public String host() {
        Run r = lastRun();
        return r == null ? null : r.host();
    }

    /** The last attempt's number; 0 before the first. */
    public int attempt() {
        Run r = lastRun();
        return r != null ? r.attempt() : outcome instanceof Running running ? running.attempt() : 0;
    }

    public List<Attempt> attempts() {
        Run r = lastRun();
        return r == null ? null : r.attempts();
    }

    public String errorType() {
        return outcome instanceof Failed f ? f.errorType() : null;
    }

    public String errorMessage() {
        return outcome instanceof Failed f ? f.message() : null;
    }

    public String stackTrace() {
        return outcome instanceof Failed f ? f.stackTrace() : null;
    }

    /** Why the step was skipped, held or given up; null otherwise. */
    public String reason() {
        return outcome instanceof Skipped s ? s.reason() : outcome instanceof Pending p ? p.heldBecause()
                : outcome instanceof Failed f ? f.reason() : null;
    }

    public String blamedStep() {
        return outcome instanceof Skipped s ? s.blamedStep() : null;
    }

    public long resultBytes() {
        return outcome instanceof Done d ? d.resultBytes() : 0;
    }
}
