package dev.phasor.cluster.mpj.launch;

/** Ends the launcher before the job starts, with a message and one of its exit codes. */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Bad arguments or environment: exit 64, and the hint to read the usage. */
    static final int USAGE = 64;
    /** MPJ Express, java or a niodev daemon could not be set up: exit 69. */
    static final int UNAVAILABLE = 69;

    private final int exitCode;

    LaunchException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static LaunchException usage(String message) {
        return new LaunchException(USAGE, message);
    }

    static LaunchException unavailable(String message) {
        return new LaunchException(UNAVAILABLE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
