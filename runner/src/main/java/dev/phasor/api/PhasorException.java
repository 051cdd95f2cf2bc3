package dev.phasor.api;

/** Root of Phasor's own failures (as opposed to a step's failure, which is data in its status). */
public class PhasorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PhasorException(String message) {
        super(message);
    }

    public PhasorException(String message, Throwable cause) {
        super(message, cause);
    }
}
