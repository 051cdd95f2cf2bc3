package dev.phasor.transport;

/**
 * A worker's answer to one {@link Order}.
 *
 * @param step the step's name
 * @param attempt the attempt the order carried
 * @param succeeded true if the step ran and its result is stored (or carried in {@code result})
 * @param durationNanos how long the step took on the worker (the placer batches short steps)
 * @param status the step's status record as its worker wrote it ({@code <step>.status}, UTF-8 JSON)
 * @param result the result file's bytes when results travel over the transport instead of shared storage,
 *     else null
 */
public record Report(String step, int attempt, boolean succeeded, long durationNanos, byte[] status, byte[] result) {
}
