package dev.phasor.backend;

/**
 * An order to run one step, as it travels from the coordinator to a worker.
 *
 * @param step the step's name (the worker looks it up in its own copy of the pipeline)
 * @param attempt 1 for the first attempt
 */
public record StepOrder(String step, int attempt) {
}
