package dev.phasor.api;

/**
 * The cache directory holds the results of another definition of this pipeline: a step was added,
 * removed or changed. The message names the first difference; nothing was run or written.
 */
public class SchemaConflictException extends PhasorException {
    private static final long serialVersionUID = 1L;

    public SchemaConflictException(String message) {
        super(message);
    }
}
