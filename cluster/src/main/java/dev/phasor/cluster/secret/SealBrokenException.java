package dev.phasor.cluster.secret;

/** A message that was not sealed with the key and header it was opened with: refused, never read. */
public final class SealBrokenException extends Exception {

    private static final long serialVersionUID = 1L;

    public SealBrokenException(String message) {
        super(message);
    }
}
