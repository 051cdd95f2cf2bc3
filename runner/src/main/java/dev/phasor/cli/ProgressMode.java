package dev.phasor.cli;

import dev.phasor.exec.RunListener;
import java.io.PrintWriter;

/** How {@code phasor run} shows progress: a live bar on a terminal, or plain lines (logs, pipes, CI). */
enum ProgressMode {
    AUTO, BAR, PLAIN;

    /** The listener for {@code mode}: the bar only when asked for or detected, never when quiet. */
    static RunListener listener(ProgressMode mode, PrintWriter out, boolean quiet, String backend) {
        boolean terminal = TerminalProgress.isTerminal();
        if (mode == BAR && !terminal) {
            throw new IllegalArgumentException("--progress bar needs a terminal on standard input and output"
                    + " (TERM set, not dumb); use --progress plain");
        }
        ConsoleListener lines = new ConsoleListener(out, quiet, backend);
        if (!quiet && (mode == BAR || (mode == AUTO && terminal))) {
            return new TerminalProgress(backend, lines);
        }
        return lines;
    }
}
