package dev.phasor.exec;

import dev.phasor.api.PhasorException;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.transport.Report;
import java.io.IOException;

/**
 * A worker's answer to a {@link Order}, as the executor returns it in the worker's process.
 *
 * @param status the step's status (already written to its status file by the worker, unless
 *     {@code result} is carried)
 * @param result the result file's payload when results travel over the backend instead of shared
 *     storage, else null
 */
public record StepReport(StepStatus status, byte[] result) {

    /** The report for a coordinator in this JVM: the status object itself, not encoded. */
    public Report toInProcessReport() {
        return new Report(status.step(), status.attempt(), status.isDone(), (long) (status.durationMs() * 1e6), null,
                result, status);
    }

    /** The report as it travels to the coordinator: plain values, the status as its JSON record. */
    public Report toReport() {
        try {
            return new Report(status.step(), status.attempt(), status.isDone(), (long) (status.durationMs() * 1e6),
                    StatusFiles.toJson(status), result);
        } catch (IOException e) {
            throw new PhasorException("cannot encode the status of step '" + status.step() + "': " + e, e);
        }
    }
}
