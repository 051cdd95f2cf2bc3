package dev.phasor.cache;

import dev.phasor.internal.Json;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code <step>.status} files (JSON, written to a temporary name and renamed). */
public final class StatusFiles {

    private StatusFiles() {
    }

    /** Writes {@code status} atomically. */
    public static void write(Path file, StepStatus status) throws IOException {
        writeAtomically(file, Json.PRETTY.writeValueAsBytes(status));
    }

    /** Reads a status file; null if there is none or it cannot be parsed (an unreadable status is no status). */
    public static StepStatus read(Path file) {
        try {
            return Json.PRETTY.readValue(Files.readAllBytes(file), StepStatus.class);
        } catch (IOException e) { // missing, unreadable or not JSON: all mean "no usable status"
            return null;
        }
    }

    /** Writes {@code bytes} to a temporary sibling, then renames it over {@code file}. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = ResultFile.temporarySibling(file);
        try {
            Files.write(tmp, bytes);
            ResultFile.moveIntoPlace(tmp, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
