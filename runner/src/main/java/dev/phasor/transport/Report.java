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
 * @param inProcess the worker's own status object when the worker shares the coordinator's JVM (then
 *     {@code status} is null), else null: the local backend's coordinator spent about 8 us a step, more than
 *     half its work, encoding and decoding the record it could take as it is (docs/benchmarks.md)
 */
public record Report(String step, int attempt, boolean succeeded, long durationNanos, byte[] status, byte[] result,
        Object inProcess) {

    /** A report that travelled: its status is the JSON record. */
    public Report(String step, int attempt, boolean succeeded, long durationNanos, byte[] status, byte[] result) {
        this(step, attempt, succeeded, durationNanos, status, result, null);
    }
}
