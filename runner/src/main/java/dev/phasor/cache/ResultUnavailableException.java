package dev.phasor.cache;

import dev.phasor.api.PhasorException;

/** A step has no readable result: it failed, was skipped, has not run, or its file is damaged. */
public class ResultUnavailableException extends PhasorException {
    private static final long serialVersionUID = 1L;

    public ResultUnavailableException(String message) {
        super(message);
    }

    public ResultUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
