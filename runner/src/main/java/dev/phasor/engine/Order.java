package dev.phasor.engine;

/**
 * One step for a worker to run.
 *
 * @param step the step's name
 * @param attempt 1 for the first attempt
 */
public record Order(String step, int attempt) {
}
