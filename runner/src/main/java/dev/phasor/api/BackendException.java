package dev.phasor.api;

/** The backend (threads, MPJ Express, Hazelcast) failed, or the workers disagree about the plan. */
public class BackendException extends PhasorException {
    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
