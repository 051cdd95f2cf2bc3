package dev.phasor.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A {@code <step>.status} file as it is on disk (and in {@code phasor status --json}): one flat JSON object,
 * fields in this order, nulls left out. Only {@link StatusFiles} and {@link StepStatus} use it; everything
 * else works with the typed {@link StepStatus}.
 *
 * <p>{@code status} uses ezpyp's codes: 0 done, 1 failed, 2 skipped because an upstream step failed or was
 * skipped; -1 while pending or running.
 *
 * @param step the step's name
 * @param phase its phase
 * @param status 0, 1, 2, or -1 (not finished)
 * @param state {@code done}, {@code failed}, {@code skipped}, {@code pending} or {@code running}
 * @param key the step key the outcome belongs to
 * @param run {@code ran} if a run executed it, {@code cached} if a stored result was reused, {@code not run}
 *     if the run held it back
 * @param started ISO-8601 start time, or null
 * @param ended ISO-8601 end time, or null
 * @param durationMs wall time of the step body and result write, in milliseconds
 * @param worker where it ran: {@code local:thread-2}, {@code mpj:rank-3}, a Hazelcast member...
 * @param host host name of the worker
 * @param attempt 1 for the first attempt
 * @param errorType for a failure, the exception class (or {@code ShellCommandFailed}, {@code Timeout})
 * @param errorMessage for a failure, its message
 * @param stackTrace for a failure, the stack trace as text
 * @param reason why a step was skipped (naming the failed upstream step), held, or given up
 * @param blamedStep for a skipped step, the failed step that caused the skip
 * @param resultBytes size of the result file
 * @param attempts every attempt of the run, oldest first, when the step was tried more than once (else null)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusRecord(String step, int phase, int status, String state, String key, String run, String started,
        String ended, double durationMs, String worker, String host, int attempt, String errorType,
        String errorMessage, String stackTrace, String reason, String blamedStep, long resultBytes,
        List<StepStatus.Attempt> attempts) {

    /** A record without attempt history. */
    public StatusRecord(String step, int phase, int status, String state, String key, String run, String started,
            String ended, double durationMs, String worker, String host, int attempt, String errorType,
            String errorMessage, String stackTrace, String reason, String blamedStep, long resultBytes) {
        this(step, phase, status, state, key, run, started, ended, durationMs, worker, host, attempt, errorType,
                errorMessage, stackTrace, reason, blamedStep, resultBytes, null);
    }

    /** The typed status this record describes; its {@code status} code decides (the {@code state} word follows it). */
    public StepStatus toStatus() {
        StepStatus.Run ran = new StepStatus.Run(started, ended, durationMs, worker, host, attempt, attempts);
        StepStatus.Outcome outcome = switch (status) {
            case StepStatus.DONE -> new StepStatus.Done(ran, resultBytes, "cached".equals(run));
            case StepStatus.FAILED -> new StepStatus.Failed(ran, errorType, errorMessage, stackTrace, reason);
            case StepStatus.SKIPPED -> new StepStatus.Skipped(started, reason, blamedStep);
            default -> "running".equals(state) ? new StepStatus.Running(attempt)
                    : new StepStatus.Pending("not run".equals(run) ? reason : null);
        };
        return new StepStatus(step, phase, key, outcome);
    }
}
