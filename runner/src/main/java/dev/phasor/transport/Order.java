package dev.phasor.transport;

/**
 * An order to run one step, as it travels from the coordinator to a worker.
 *
 * @param step the step's name (the worker looks it up in its own copy of the pipeline)
 * @param attempt 1 for the first attempt
 */
public record Order(String step, int attempt) {
}
