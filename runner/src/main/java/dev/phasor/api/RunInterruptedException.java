package dev.phasor.api;

/**
 * The run was stopped from outside (Ctrl-C, SIGTERM) before every step had an outcome. Its workers were
 * stopped, its finished results, summary and run manifest (outcome {@code aborted}) were written and the
 * cache lock released: the same command resumes it, reusing the finished steps.
 */
public class RunInterruptedException extends RunAbortedException {
    private static final long serialVersionUID = 1L;
    /** 128 + SIGINT, as shells report it (the CLI's exit code for an interrupted run). */
    private static final int INTERRUPTED = 130;

    public RunInterruptedException(String message) {
        super(message, INTERRUPTED);
    }
}
