package dev.phasor.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.phasor.internal.Json;
import dev.phasor.serialization.ResultFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Reads and writes {@code <step>.status} files (JSON, written to a temporary name and renamed).
 *
 * <p>Every step writes one, so the writer is on the hot path of a run: it streams the fields with Jackson's
 * generator, compact, in the record's order and leaving out nulls, instead of going through data binding and
 * an indenting printer (which cost about a third of a no-op step's CPU). The text is the same JSON object
 * data binding writes, minus the white space; readers parse either ({@link #read}).
 */
public final class StatusFiles {

    private StatusFiles() {
    }

    /** Writes {@code status} atomically, the file created with {@code mode}. */
    public static void write(Path file, StepStatus status, CacheMode mode) throws IOException {
        write(file, status, mode, () -> true);
    }

    /** The JSON text of {@code status}, as {@link #write} puts it in a status file. */
    public static byte[] toJson(StepStatus status) throws IOException {
        Bytes bytes = new Bytes(status.stackTrace() == null ? 512 : 4096);
        writeJson(status, bytes);
        return bytes.toByteArray();
    }

    /**
     * The text of a status, reused by each thread (every step writes one): no array of the text per status, and
     * none of its copy. One too large to keep (a long stack trace) is dropped after use.
     */
    private static final ThreadLocal<Bytes> BUFFER = ThreadLocal.withInitial(() -> new Bytes(512));
    private static final int MAX_KEPT_BUFFER = 16 << 10;

    /** A {@link ByteArrayOutputStream} whose bytes are written as they are, without a copy. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(size);
        }

        ByteBuffer contents() {
            return ByteBuffer.wrap(buf, 0, count);
        }

        int capacity() {
            return buf.length;
        }
    }

    private static void writeJson(StepStatus typed, OutputStream bytes) throws IOException {
        StatusRecord status = typed.toRecord();
        try (JsonGenerator g = Json.PRETTY.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            string(g, "step", status.step());
            g.writeNumberField("phase", status.phase());
            g.writeNumberField("status", status.status());
            string(g, "state", status.state());
            string(g, "key", status.key());
            string(g, "run", status.run());
            string(g, "started", status.started());
            string(g, "ended", status.ended());
            g.writeNumberField("durationMs", status.durationMs());
            string(g, "worker", status.worker());
            string(g, "host", status.host());
            g.writeNumberField("attempt", status.attempt());
            string(g, "errorType", status.errorType());
            string(g, "errorMessage", status.errorMessage());
            string(g, "stackTrace", status.stackTrace());
            string(g, "reason", status.reason());
            string(g, "blamedStep", status.blamedStep());
            g.writeNumberField("resultBytes", status.resultBytes());
            if (status.attempts() != null) {
                g.writeArrayFieldStart("attempts");
                for (StepStatus.Attempt a : status.attempts()) {
                    g.writeStartObject();
                    g.writeNumberField("attempt", a.attempt());
                    string(g, "started", a.started());
                    string(g, "ended", a.ended());
                    g.writeNumberField("durationMs", a.durationMs());
                    string(g, "state", a.state());
                    string(g, "errorType", a.errorType());
                    string(g, "errorMessage", a.errorMessage());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    /** A string field, left out when null (as {@code @JsonInclude(NON_NULL)} on the records says). */
    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /**
     * Decodes a status record as a worker wrote it (the bytes of a {@code <step>.status}).
     *
     * @throws IOException if the bytes are not a status record
     */
    public static StepStatus fromJson(byte[] json) throws IOException {
        return StatusReader.read(json).toStatus();
    }

    /** Reads a status file; null if there is none or it cannot be parsed (an unreadable status is no status). */
    public static StepStatus read(Path file) {
        try {
            return StatusReader.read(Files.readAllBytes(file)).toStatus();
        } catch (IOException e) { // missing, unreadable or not JSON: all mean "no usable status"
            return null;
        }
    }

    /** Writes {@code bytes} to a temporary sibling created with {@code mode}, then renames it over {@code file}. */
    public static void writeAtomically(Path file, byte[] bytes, CacheMode mode) throws IOException {
        writeAtomically(file, ByteBuffer.wrap(bytes), mode, () -> true);
    }

    /** Writes {@code status} atomically if {@code stillCurrent} holds right before the rename; false if not. */
    public static boolean write(Path file, StepStatus status, CacheMode mode, BooleanSupplier stillCurrent)
            throws IOException {
        Bytes bytes = BUFFER.get();
        bytes.reset();
        try {
            writeJson(status, bytes);
            return writeAtomically(file, bytes.contents(), mode, stillCurrent);
        } finally {
            if (bytes.capacity() > MAX_KEPT_BUFFER) {
                BUFFER.remove();
            }
        }
    }

    private static boolean writeAtomically(Path file, ByteBuffer bytes, CacheMode mode, BooleanSupplier beforeRename)
            throws IOException {
        Path tmp = ResultFile.temporarySibling(file);
        try {
            try (FileChannel ch = mode.newFile(tmp)) {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            }
            if (!beforeRename.getAsBoolean()) {
                Files.deleteIfExists(tmp);
                return false;
            }
            ResultFile.moveIntoPlace(tmp, file);
            return true;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
