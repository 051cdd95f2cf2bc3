package dev.phasor.backend;

import dev.phasor.cache.StepStatus;

/**
 * A worker's answer to a {@link StepOrder}.
 *
 * @param status the step's status (already written to its status file by the worker, unless
 *     {@code result} is carried)
 * @param result the result file's payload when results travel over the backend instead of shared
 *     storage, else null
 */
public record StepReport(StepStatus status, byte[] result) {
}
