package dev.phasor.api;

/** The cache directory cannot be used (not a directory, unreadable, read-only, corrupt schema...). */
public class CacheAccessException extends PhasorException {
    private static final long serialVersionUID = 1L;

    public CacheAccessException(String message) {
        super(message);
    }

    public CacheAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
