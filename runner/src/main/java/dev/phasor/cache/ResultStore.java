package dev.phasor.cache;

import dev.phasor.internal.FileLook;
import dev.phasor.serialization.Codec;
import dev.phasor.serialization.CorruptResultException;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Result files of one pipeline: encoded with its codec, framed by {@link ResultFile}, bound to step keys.
 * Thread-safe.
 */
public final class ResultStore {

    private final CacheLayout layout;
    private final Codec codec;
    /** The layout's directories, resolved once: every step resolves its files from them. */
    private final Path dir;
    private final Path logsDir;
    /** Creates each temporary result file with the layout's mode. */
    private final ResultFile.NewFile newFile;

    public ResultStore(CacheLayout layout, Codec codec) {
        this.layout = layout;
        this.codec = codec;
        this.dir = layout.dir();
        this.logsDir = layout.logsDir();
        this.newFile = layout.mode()::newFile;
    }

    /** {@link CacheLayout#dir}, resolved once. */
    public Path dir() {
        return dir;
    }

    /** {@link CacheLayout#resultFile}, without resolving the pipeline's directory again. */
    public Path resultFile(String step) {
        return dir.resolve(step + CacheLayout.RESULT_SUFFIX);
    }

    /** {@link CacheLayout#statusFile}, without resolving the pipeline's directory again. */
    public Path statusFile(String step) {
        return dir.resolve(step + CacheLayout.STATUS_SUFFIX);
    }

    /** {@link CacheLayout#logFile}, without resolving the logs directory again. */
    public Path logFile(String step) {
        return logsDir.resolve(step + CacheLayout.LOG_SUFFIX);
    }

    public CacheLayout layout() {
        return layout;
    }

    public Codec codec() {
        return codec;
    }

    /** Encodes {@code value} (may throw {@code CodecException}); the bytes are then written with {@link #write}. */
    public byte[] encode(Object value) {
        return codec.encode(value);
    }

    /**
     * Encodes {@code value} and writes it as the step's result atomically, chunk by chunk, never as an array of
     * the encoded bytes (see {@link Codec#encode(Object, Codec.Chunks)}); returns the file size. Throws
     * {@code CodecException} if the value cannot be encoded, leaving no file behind.
     */
    public long writeValue(String step, String key, Object value) throws IOException {
        return writeValue(step, key, value, () -> true);
    }

    /**
     * As {@link #writeValue(String, String, Object)}, renamed into place only if {@code stillCurrent} holds right
     * before the rename; -1 (nothing written) if it did not.
     */
    public long writeValue(String step, String key, Object value, BooleanSupplier stillCurrent) throws IOException {
        return ResultFile.write(resultFile(step), key, codec.fingerprint(), chunks -> codec.encode(value, chunks),
                stillCurrent, newFile);
    }

    /** Writes a step's encoded result atomically; returns the file size. */
    public long write(String step, String key, byte[] payload) throws IOException {
        return ResultFile.write(resultFile(step), key, codec.fingerprint(), ByteBuffer.wrap(payload), () -> true,
                newFile);
    }

    /**
     * Writes a step's encoded result atomically if {@code stillCurrent} holds right before the rename; returns
     * the file size, or -1 (nothing written) if it did not.
     */
    public long write(String step, String key, byte[] payload, BooleanSupplier stillCurrent) throws IOException {
        return ResultFile.write(resultFile(step), key, codec.fingerprint(), ByteBuffer.wrap(payload), stillCurrent,
                newFile);
    }

    /**
     * Reads a step's result, checking that it belongs to {@code key} and was written with this codec.
     *
     * @throws CorruptResultException if the file is damaged or belongs to another key or codec
     * @throws NoSuchFileException if there is no result
     */
    public Object read(String step, String key) throws IOException {
        Path file = resultFile(step);
        return ResultFile.read(file, (header, payload) -> {
            checkHeader(file, header, key);
            try {
                return codec.decode(payload, header.payloadLength());
            } catch (RuntimeException e) {
                throw new CorruptResultException(file + ": " + e.getMessage());
            }
        });
    }

    /**
     * The result of the step whose latest status is {@code status}, explaining why there is none.
     *
     * @throws ResultUnavailableException if it failed, was skipped, has not run, or its file is damaged
     */
    public Object readFor(StepStatus status) {
        String step = status.step();
        if (status.status() == StepStatus.FAILED) {
            throw new ResultUnavailableException("step '" + step + "' failed: " + status.errorType() + ": "
                    + status.errorMessage());
        }
        if (status.status() == StepStatus.SKIPPED) {
            throw new ResultUnavailableException("step '" + step + "' was skipped: " + status.reason());
        }
        try {
            return read(step, status.key());
        } catch (NoSuchFileException e) {
            throw new ResultUnavailableException("step '" + step + "' has no result yet (state: " + status.state().word() + ")");
        } catch (CorruptResultException e) {
            throw new ResultUnavailableException("result of step '" + step + "' is damaged and was not loaded ("
                    + e.getMessage() + "); run the pipeline again to recompute it", e);
        } catch (IOException e) {
            throw new ResultUnavailableException("result of step '" + step + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** True if the step has a complete, undamaged result for {@code key}. Reads the whole file. */
    public boolean isValid(String step, String key) {
        Path file = resultFile(step);
        if (!FileLook.exists(file)) {
            return false;
        }
        try {
            ResultFile.read(file, (header, payload) -> { // the whole file: its checksum covers the payload
                checkHeader(file, header, key);
                return null;
            });
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes a step's result (before it runs again, so an old value is never taken for a new one). */
    public void delete(String step) throws IOException {
        deleteIfPresent(resultFile(step));
    }

    /**
     * Deletes {@code file} if it exists. Looks first: on a fresh run there is nothing to delete, and a look
     * (stat) shares the directory while an unlink, even of a missing name, locks it against every other
     * step creating or renaming its files there (the local backend's bound on wide pipelines). A dangling
     * symbolic link is left alone: the cache writes none.
     */
    public static void deleteIfPresent(Path file) throws IOException {
        if (FileLook.exists(file)) {
            Files.deleteIfExists(file);
        }
    }

    private void checkHeader(Path file, ResultFile.Header header, String key) throws CorruptResultException {
        if (key != null && !header.stepKey().equals(key)) {
            throw new CorruptResultException(file + ": belongs to step key " + header.stepKey().substring(0, 12)
                    + "..., not the current " + key.substring(0, 12) + "...");
        }
        if (!codec.fingerprint().startsWith(header.codecFingerprint())) {
            throw new CorruptResultException(file + ": written with codec " + header.codecFingerprint()
                    + ", not the current " + codec.fingerprint() + " (the registered types changed)");
        }
    }
}
