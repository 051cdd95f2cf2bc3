package dev.phasor.report;

import dev.phasor.cache.StepStatus;
import dev.phasor.internal.IsoInstant;
import java.time.Instant;

/**
 * What the graph, the times and the HTML report show for a step: its status, with {@code done} split
 * into steps the latest run executed and steps it reused from the cache.
 */
public enum Outcome {
    DONE("done", "#4caf50"),
    CACHED("cached", "#90caf9"),
    FAILED("failed", "#e53935"),
    SKIPPED("skipped", "#ffb300"),
    RUNNING("running", "#ab47bc"),
    PENDING("pending", "#e0e0e0");

    private final String label;
    private final String colour;

    Outcome(String label, String colour) {
        this.label = label;
        this.colour = colour;
    }

    /** Lower-case name used in files, CSS classes and JSON. */
    public String label() {
        return label;
    }

    /** Fill colour (CSS hex) used by every renderer, so a status looks the same everywhere. */
    public String colour() {
        return colour;
    }

    /**
     * The outcome of {@code status}; a done step counts as {@link #CACHED} when the run that read it reused it,
     * or when it started before {@code runStart} (the start of the latest run; null if unknown).
     */
    public static Outcome of(StepStatus status, Instant runStart) {
        if (status == null) {
            return PENDING;
        }
        switch (status.status()) {
            case StepStatus.DONE:
                if ("cached".equals(status.run()) || startedBefore(status, runStart)) {
                    return CACHED;
                }
                return DONE;
            case StepStatus.FAILED:
                return FAILED;
            case StepStatus.SKIPPED:
                return SKIPPED;
            default:
                return status.state() == StepStatus.State.RUNNING ? RUNNING : PENDING;
        }
    }

    private static boolean startedBefore(StepStatus status, Instant runStart) {
        if (runStart == null) {
            return false;
        }
        Instant started = IsoInstant.parse(status.started());
        return started == null || started.isBefore(runStart);
    }
}
