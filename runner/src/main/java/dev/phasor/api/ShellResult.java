package dev.phasor.api;

/**
 * The result of a shell step that exited with code 0: what the command wrote to standard output.
 * (Standard error goes to the step's log only.)
 *
 * @param exitCode always 0 for a stored result; kept so that the record reads plainly
 * @param stdout everything the command printed on standard output
 */
public record ShellResult(int exitCode, String stdout) {

    /** Standard output with surrounding white space removed: handy for commands that print one value. */
    public String text() {
        return stdout.strip();
    }

    @Override
    public String toString() {
        return text();
    }
}
