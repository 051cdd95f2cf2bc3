package dev.phasor.api;

/**
 * The pipeline as written cannot run: duplicate or invalid step name, cycle, unknown upstream step,
 * empty pipeline, a parameter that is not plain data, or inputs that do not fit a step's function.
 * Thrown when the pipeline is built, before anything runs; the message names the offending step.
 */
public class PipelineDefinitionException extends PhasorException {
    private static final long serialVersionUID = 1L;

    public PipelineDefinitionException(String message) {
        super(message);
    }
}
