package dev.phasor.cache;

import dev.phasor.api.PhasorException;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The one writer of a step's {@code <step>.step} and {@code <step>.status}. A worker on shared storage
 * clears what an earlier run left ({@link #forget}), stores its step's value ({@link #value}) and its
 * status through it, or, where an attempt may be superseded while it runs (a Hazelcast worker frozen or
 * cut off), all of its attempt's files through {@link #attempt}; the coordinator records through it what
 * the engine decided (held, skipped, a cached result without its status, a retried step's attempts) and
 * the results that travelled over the network ({@link #carried}). Each write is atomic (temporary name,
 * then rename), the temporary file created with the layout's {@link CacheMode}.
 */
public final class StepRecords {

    private final ResultStore results;
    /** The mode every file written here is created with. */
    private final CacheMode mode;

    public StepRecords(ResultStore results) {
        this.results = results;
        this.mode = results.layout().mode();
    }

    /**
     * Writes {@code status} as the step's status file.
     *
     * @throws PhasorException naming the step if the file cannot be written
     */
    public void status(StepStatus status) {
        try {
            StatusFiles.write(results.statusFile(status.step()), status, mode);
        } catch (IOException e) {
            throw new PhasorException("cannot write the status of step '" + status.step() + "': " + e, e);
        }
    }

    /**
     * Removes what an earlier run left of {@code step}: its status first (a reader must never see "done" while
     * the old result is gone), then its result (an old value must never pass for this run's).
     */
    public void forget(String step) throws IOException {
        ResultStore.deleteIfPresent(results.statusFile(step));
        results.delete(step);
    }

    /**
     * Encodes {@code value} and writes it as the step's result, without an array of the encoded bytes; throws
     * {@code CodecException} if it cannot be encoded, before any file is touched.
     *
     * @return the result file's size
     */
    public long value(String step, String key, Object value) throws IOException {
        return results.writeValue(step, key, value);
    }

    /**
     * As {@link #value(String, String, Object)}, for a worker whose attempt may be overtaken: renamed into place
     * only while {@code stillCurrent} holds (see {@link #attempt}); -1 if it did not, and nothing was written.
     */
    public long value(String step, String key, Object value, BooleanSupplier stillCurrent) throws IOException {
        return results.writeValue(step, key, value, stillCurrent);
    }

    /**
     * What a worker's attempt produced, written only while the attempt is still the step's current one: a
     * worker frozen or cut off while it ran may wake up after its step ran again elsewhere, and must not
     * replace the newer files. The result (a done step) or the removal of an old one (a failed step), then the
     * status with the result's size; {@code stillCurrent} is asked right before each rename. A done step whose
     * {@code payload} is null had its result written already, under the same {@code stillCurrent}
     * ({@link #value(String, String, Object, BooleanSupplier)}), and its status holds the size, or -1 if that
     * write was superseded.
     *
     * @return the status as written, or null if the attempt was superseded (nothing more is written)
     */
    public StepStatus attempt(StepStatus s, byte[] payload, BooleanSupplier stillCurrent) throws IOException {
        long size = 0;
        if (s.isDone()) {
            size = payload == null ? s.resultBytes() : results.write(s.step(), s.key(), payload, stillCurrent);
            if (size < 0) {
                return null;
            }
        } else if (stillCurrent.getAsBoolean()) {
            results.delete(s.step()); // an old value must never pass for this run's result
        } else {
            return null;
        }
        StepStatus written = s.withResultBytes(size);
        return StatusFiles.write(results.statusFile(s.step()), written, mode, stillCurrent) ? written : null;
    }

    /** A skipped step: an old result must not pass for it, so the result goes before the status is written. */
    public void skipped(StepStatus status) {
        try {
            results.delete(status.step());
        } catch (IOException e) {
            throw new PhasorException("cannot remove the stale result of skipped step '" + status.step() + "': " + e, e);
        }
        status(status);
    }

    /**
     * A result that travelled with its report (no shared storage): written, then its status with the
     * result's size on disk.
     *
     * @return the status as written
     */
    public StepStatus carried(StepStatus s, byte[] payload) {
        try {
            long size = results.write(s.step(), s.key(), payload);
            StepStatus written = s.withResultBytes(size);
            StatusFiles.write(results.statusFile(s.step()), written, mode);
            return written;
        } catch (IOException e) {
            throw new PhasorException("cannot store the result of step '" + s.step() + "': " + e, e);
        }
    }

    /**
     * The status of a step whose valid result is reused: the stored one, or, when the run that wrote the
     * result stopped before its status (none, or not for this key), a recovered one, written now.
     */
    public StepStatus cached(String step, int phase, String key) {
        StepStatus stored = StatusFiles.read(results.statusFile(step));
        if (stored == null || !stored.isDone() || !key.equals(stored.key())) {
            stored = StepStatus.recovered(step, phase, key);
            status(stored);
        }
        return stored.asCached();
    }

    /** The stored status of {@code step}, or null if it has none or it cannot be read. */
    public StepStatus stored(String step) {
        return StatusFiles.read(results.statusFile(step));
    }
}
