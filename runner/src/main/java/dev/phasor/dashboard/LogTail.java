package dev.phasor.dashboard;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a step's log file: what a person reads first when a step failed. */
final class LogTail {

    /** At most this many bytes are read from the end of a log. */
    static final int MAX_BYTES = 4096;
    /** At most this many lines are shown. */
    static final int MAX_LINES = 30;

    private LogTail() {
    }

    /** The last lines of {@code log}, or null when the step printed nothing (no file). */
    static String of(Path log) {
        if (!Files.isRegularFile(log)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            int n = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[n];
            f.seek(length - n);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            int from = Math.max(length > n ? 1 : 0, lines.length - MAX_LINES); // a cut first line is dropped
            return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length)).stripTrailing();
        } catch (IOException e) {
            return "(cannot read " + log.getFileName() + ": " + e.getMessage() + ")";
        }
    }
}
