package dev.phasor.api;

/**
 * A worker process was told by its coordinator that the run will not happen (for example the
 * coordinator found a schema conflict). Carries the coordinator's message and exit code, so every
 * rank stops with the same words.
 */
public class RunAbortedException extends PhasorException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public RunAbortedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit code the coordinator chose (see the CLI's exit codes). */
    public int exitCode() {
        return exitCode;
    }
}
