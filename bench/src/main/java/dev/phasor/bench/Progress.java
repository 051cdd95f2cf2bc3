package dev.phasor.bench;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of the bench: a progress bar (me.tongfei:progressbar) per run on a terminal, a plain line per
 * run otherwise (logs, CI). Thread-safe.
 */
final class Progress {

    private final PrintStream out;
    private final boolean bar;
    private ProgressBar current;

    Progress(PrintStream out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    /** A bar when this JVM has a terminal. */
    static Progress forConsole(PrintStream out) {
        return new Progress(out, System.console() != null);
    }

    synchronized void begin(String task, long steps) {
        if (bar) {
            current = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setUpdateIntervalMillis(200)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out))
                    .showSpeed().setUnit(" steps", 1).build();
        } else {
            out.println("bench: " + task + ": " + steps + " steps...");
            out.flush();
        }
    }

    synchronized void step(long n) {
        if (current != null) {
            current.stepBy(n);
        }
    }

    /** Sets the count of finished steps (for runs observed from outside). */
    synchronized void stepTo(long n) {
        if (current != null) {
            current.stepTo(n);
        }
    }

    synchronized void end(String line) {
        if (current != null) {
            current.stepTo(current.getMax());
            current.close();
            current = null;
        }
        out.println("bench:   " + line);
        out.flush();
    }
}
