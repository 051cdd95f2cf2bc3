package dev.phasor.transport;

/**
 * An order to run one step, as it travels from the coordinator to a worker.
 *
 * @param step the step's name (the worker looks it up in its own copy of the pipeline)
 * @param attempt 1 for the first attempt; an attempt lost with its worker counts too
 * @param failedBefore how many earlier attempts failed (those lost with their worker did not): the retries
 *     used so far, which the worker's log note names
 */
public record Order(String step, int attempt, int failedBefore) {

    /** An attempt whose earlier attempts all failed (none was lost with its worker). */
    public Order(String step, int attempt) {
        this(step, attempt, attempt - 1);
    }
}
