package dev.phasor.exec;

/** A shell step's command exited with a non-zero code. */
public final class ShellCommandFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    ShellCommandFailedException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The command's exit code. */
    public int exitCode() {
        return exitCode;
    }
}
