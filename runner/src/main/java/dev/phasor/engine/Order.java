package dev.phasor.engine;

/**
 * One step for a worker to run.
 *
 * @param step the step's name
 * @param attempt 1 for the first attempt; an attempt lost with its worker counts too
 * @param failedBefore how many earlier attempts failed (the retries used so far)
 */
public record Order(String step, int attempt, int failedBefore) {

    /** An attempt whose earlier attempts all failed. */
    public Order(String step, int attempt) {
        this(step, attempt, attempt - 1);
    }
}
