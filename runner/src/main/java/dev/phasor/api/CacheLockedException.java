package dev.phasor.api;

/** Another run holds the pipeline's cache directory; the message says who (pid, host, since when). */
public class CacheLockedException extends PhasorException {
    private static final long serialVersionUID = 1L;

    public CacheLockedException(String message) {
        super(message);
    }
}
