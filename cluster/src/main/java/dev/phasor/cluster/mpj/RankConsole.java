package dev.phasor.cluster.mpj;

import java.io.PrintStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A rank's error console for the CLI: whole lines to the process's stderr (prefixed with
 * {@code rank N:} on workers, whose lines interleave with rank 0's), remembering the first
 * {@code phasor: ...} line (else the first line) for the rank's error marker. A worker's own
 * {@code phasor: ...} error lines, and the lines after them (a usage error's hints), are held until its
 * command has ended ({@link #release}): when it ended before the run, its error reaches rank 0 and the
 * launcher anyway, and every rank printing the same line (a missing pipeline class) would say it once per
 * rank. Thread-safe.
 */
final class RankConsole extends Writer {

    private static final String CLI_PREFIX = "phasor: ";

    private final PrintStream target;
    private final String prefix;
    private final boolean holdErrors;
    private final List<String> held = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private String firstError;
    private String firstLine;

    RankConsole(PrintStream target, int rank) {
        this.target = target;
        this.prefix = rank == 0 ? "" : "rank " + rank + ": ";
        this.holdErrors = rank != 0;
    }

    /** Prints the held error lines, or drops them when the rank's error is reported elsewhere. */
    synchronized void release(boolean print) {
        if (print) {
            held.forEach(target::println);
        }
        held.clear();
        target.flush();
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
                emit();
            } else if (buf[i] != '\r') {
                line.append(buf[i]);
            }
        }
    }

    /** Prints one line (for messages of the rank's own). */
    synchronized void println(String text) {
        line.append(text);
        emit();
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
        target.flush();
    }

    /** The CLI's error message without its {@code phasor: } prefix, else the first line printed; null if none. */
    synchronized String firstError() {
        return firstError != null ? firstError : firstLine;
    }

    private void emit() {
        String text = line.toString();
        line.setLength(0);
        // the lines after a held error belong to it (a usage error's "Did you mean" and "Try ... --help")
        if (holdErrors && (text.startsWith(CLI_PREFIX) || !held.isEmpty())) {
            held.add(prefix + text);
        } else {
            target.println(prefix + text);
        }
        if (firstError == null && text.startsWith(CLI_PREFIX)) {
            firstError = text.substring(CLI_PREFIX.length());
        }
        if (firstLine == null && !text.isBlank()) {
            firstLine = text.strip();
        }
    }
}
