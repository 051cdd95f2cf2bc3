package dev.phasor.serialization;

import java.io.IOException;

/** A result file is damaged, truncated, foreign or from a newer format; it is never loaded. */
public class CorruptResultException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptResultException(String message) {
        super(message);
    }
}
