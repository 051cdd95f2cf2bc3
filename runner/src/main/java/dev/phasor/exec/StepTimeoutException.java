package dev.phasor.exec;

import dev.phasor.api.StepDefinition;
import dev.phasor.api.StepKind;
import java.time.Duration;

/** An attempt ran past its step's timeout and was stopped (or, a Java step ignoring its interrupt, abandoned). */
final class StepTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    StepTimeoutException(StepDefinition step, Duration limit, boolean stopped) {
        super(message(step, limit, stopped));
    }

    private static String message(StepDefinition step, Duration limit, boolean stopped) {
        String after = "step '" + step.name() + "' timed out after " + human(limit);
        if (step.kind() == StepKind.SHELL) {
            return after + "; its command and every process it started were killed";
        }
        return stopped ? after + "; it was interrupted and stopped"
                : after + "; it ignored the interrupt for " + StepExecutor.TIMEOUT_GRACE_MS / 1000
                        + " s and was abandoned (its thread may still be running)";
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
