package dev.phasor.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of the bench: a progress bar (me.tongfei:progressbar) per run on a terminal; otherwise (logs, CI)
 * plain lines: one as a run begins, one at each tenth of its steps, one as it ends, so a long run is never
 * silent. Stages between runs (the file-system floor, removing a large cache) are noted either way.
 * Thread-safe.
 */
final class Progress {

    private final PrintWriter out;
    /** Where the bar goes; null for plain lines. */
    private final PrintStream bar;
    private ProgressBar current;
    private long max;
    private long done;
    private long began;

    Progress(PrintWriter out, PrintStream bar) {
        this.out = out;
        this.bar = bar;
    }

    /** Lines to {@code out}, or a bar on standard error when this JVM has a terminal. */
    static Progress forConsole(PrintWriter out) {
        return new Progress(out, System.console() != null ? System.err : null);
    }

    synchronized void begin(String task, long steps) {
        max = steps;
        done = 0;
        began = System.nanoTime();
        if (bar != null) {
            current = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setUpdateIntervalMillis(200)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(bar))
                    .showSpeed().setUnit(" steps", 1).build();
        } else {
            out.println("bench: " + task + ": " + steps + " steps...");
            out.flush();
        }
    }

    synchronized void step(long n) {
        stepTo(done + n);
    }

    /** Sets the count of finished steps (for runs observed from outside). */
    synchronized void stepTo(long n) {
        if (current != null) {
            current.stepTo(n);
        } else if (max > 0 && n > done && tenths(n) > tenths(done) && n < max) {
            out.printf(Locale.ROOT, "bench:   %d %% (%d of %d steps) after %.1f s%n", tenths(n) * 10, n, max,
                    (System.nanoTime() - began) / 1e9);
            out.flush();
        }
        done = Math.max(done, n);
    }

    private long tenths(long n) {
        return n * 10 / max;
    }

    /** A line about a stage between runs, above the bar if one is shown. */
    synchronized void note(String line) {
        out.println("bench:   " + line);
        out.flush();
    }

    synchronized void end(String line) {
        if (current != null) {
            current.stepTo(current.getMax());
            current.close();
            current = null;
        }
        max = 0;
        out.println("bench:   " + line);
        out.flush();
    }
}
