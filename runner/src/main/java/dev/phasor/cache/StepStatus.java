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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepStatus(String step, int phase, int status, String state, String key, String run, String started,
        String ended, double durationMs, String worker, String host, int attempt, String errorType,
        String errorMessage, String stackTrace, String reason, String blamedStep, long resultBytes) {

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
                attempt, errorType, errorMessage, stackTrace, reason, blamedStep, resultBytes);
    }

    /** A status for a step that has not finished. */
    public static StepStatus pending(String step, int phase, String key) {
        return new StepStatus(step, phase, UNFINISHED, "pending", key, null, null, null, 0, null, null, 0, null, null,
                null, null, null, 0);
    }

    /** A status for a step skipped because {@code blamed} failed. */
    public static StepStatus skipped(String step, int phase, String key, String reason, String blamed) {
        String now = java.time.Instant.now().toString();
        return new StepStatus(step, phase, SKIPPED, "skipped", key, null, now, now, 0, null, null, 0, null, null, null,
                reason, blamed, 0);
    }
}
