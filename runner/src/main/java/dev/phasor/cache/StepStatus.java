package dev.phasor.cache;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code <step>.status} holds: the outcome of one step in the latest run that touched it.
 *
 * <p>{@code status} uses ezpyp's codes: 0 done, 1 failed, 2 skipped because an upstream step failed or
 * was skipped; -1 while pending or running.
 *
 * @param step the step's name
 * @param phase its phase
 * @param status 0, 1, 2, or -1 (not finished)
 * @param state {@code done}, {@code failed}, {@code skipped}, {@code pending} or {@code running}
 * @param key the step key the outcome belongs to
 * @param run {@code ran} if this run executed it, {@code cached} if a stored result was reused
 * @param started ISO-8601 start time, or null
 * @param ended ISO-8601 end time, or null
 * @param durationMs wall time of the step body and result write, in milliseconds
 * @param worker where it ran: {@code local:thread-2}, {@code mpj:rank-3}, a Hazelcast member...
 * @param host host name of the worker
 * @param attempt 1 for the first attempt
 * @param errorType for a failure, the exception class (or {@code ShellCommandFailed})
 * @param errorMessage for a failure, its message
 * @param stackTrace for a failure, the stack trace as text
 * @param reason for a skipped step, why (naming the failed upstream step)
 * @param blamedStep for a skipped step, the failed step that caused the skip
 * @param resultBytes size of the result file
 * @param attempts every attempt of this run, oldest first, when the step was tried more than once (null
 *     otherwise); {@code attempt} is the last one's number
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepStatus(String step, int phase, int status, String state, String key, String run, String started,
        String ended, double durationMs, String worker, String host, int attempt, String errorType,
        String errorMessage, String stackTrace, String reason, String blamedStep, long resultBytes,
        java.util.List<Attempt> attempts) {

    /** A status without attempt history (the step was tried once). */
    public StepStatus(String step, int phase, int status, String state, String key, String run, String started,
            String ended, double durationMs, String worker, String host, int attempt, String errorType,
            String errorMessage, String stackTrace, String reason, String blamedStep, long resultBytes) {
        this(step, phase, status, state, key, run, started, ended, durationMs, worker, host, attempt, errorType,
                errorMessage, stackTrace, reason, blamedStep, resultBytes, null);
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

    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int SKIPPED = 2;
    public static final int UNFINISHED = -1;

    /** True for status 0. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDone() {
        return status == DONE;
    }

    /** A copy marked as reused from the cache by this run. */
    public StepStatus asCached() {
        return new StepStatus(step, phase, status, state, key, "cached", started, ended, durationMs, worker, host,
                attempt, errorType, errorMessage, stackTrace, reason, blamedStep, resultBytes, attempts);
    }

    /** A status for a step that has not finished. */
    public static StepStatus pending(String step, int phase, String key) {
        return new StepStatus(step, phase, UNFINISHED, "pending", key, null, null, null, 0, null, null, 0, null, null,
                null, null, null, 0);
    }

    /** True while the step has no outcome: pending (not run yet, or held back by a filter) or running. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isUnfinished() {
        return status == UNFINISHED;
    }

    /**
     * A status for a step this run leaves pending on purpose ({@code --until}, {@code --restart-failed}):
     * not run and not failed; {@code reason} says why.
     */
    public static StepStatus held(String step, int phase, String key, String reason) {
        return new StepStatus(step, phase, UNFINISHED, "pending", key, "not run", null, null, 0, null, null, 0, null,
                null, null, reason, null, 0);
    }

    /** This status with the attempt history {@code history} (null: none). */
    public StepStatus withAttempts(java.util.List<Attempt> history) {
        return new StepStatus(step, phase, status, state, key, run, started, ended, durationMs, worker, host, attempt,
                errorType, errorMessage, stackTrace, reason, blamedStep, resultBytes, history);
    }

    /** This attempt as a line of a retried step's history. */
    public Attempt asAttempt() {
        String outcome = status == DONE ? "done" : "Timeout".equals(errorType) ? "timed-out" : "failed";
        return new Attempt(attempt, started, ended, durationMs, outcome, errorType, errorMessage);
    }

    /** This pending step, now dispatched: unfinished, state "running", no start time (its worker has it). */
    public StepStatus asRunning() {
        return new StepStatus(step, phase, UNFINISHED, "running", key, null, null, null, 0, null, null, 1, null, null,
                null, null, null, 0);
    }

    /** A status for a step skipped because {@code blamed} failed. */
    public static StepStatus skipped(String step, int phase, String key, String reason, String blamed) {
        String now = java.time.Instant.now().toString();
        return new StepStatus(step, phase, SKIPPED, "skipped", key, null, now, now, 0, null, null, 0, null, null, null,
                reason, blamed, 0);
    }
}
