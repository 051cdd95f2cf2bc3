package dev.phasor.cli;

import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * The live progress bar on a terminal: a heading line and one bar per phase (done / failed / running),
 * redrawn in place with JLine's {@link Display} on every event and four times a second; failures are
 * printed above the bars as lines that stay. Used only when standard output is a terminal (see
 * {@link #isTerminal()}); otherwise {@link ConsoleListener} prints plain lines.
 */
final class TerminalProgress implements RunListener {

    private static final long REDRAW_MILLIS = 250;

    private final String backend;
    /** Plain lines, used instead when the terminal cannot be opened. */
    private final RunListener fallback;
    private Terminal terminal;
    private PrintWriter out;
    private boolean plain;
    private Display display;
    private ProgressBoard board;
    private ScheduledExecutorService ticker;
    private long startNanos;
    private boolean closed;

    /**
     * @param backend the backend's id, for the heading
     * @param fallback the plain-line listener to use if the terminal cannot be opened when the run starts
     */
    TerminalProgress(String backend, RunListener fallback) {
        this.backend = backend;
        this.fallback = fallback;
    }

    /** True when standard input and output are a terminal that can redraw lines (not {@code TERM=dumb}). */
    static boolean isTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.isEmpty() && !term.equals("dumb");
    }

    @Override
    public synchronized void runStarted(PreparedPipeline prepared, int parallelism) {
        try { // opened only now: a run refused before its first phase leaves the terminal untouched
            // nativeSignals(false): JLine would otherwise reset SIGINT to the OS default, which kills the JVM
            // before the run can stop cleanly on Ctrl-C (AbortOnInterrupt); the width is read on each redraw
            terminal = TerminalBuilder.builder().system(true).dumb(false).nativeSignals(false).build();
            out = terminal.writer();
        } catch (IOException | RuntimeException e) {
            plain = true;
            fallback.runStarted(prepared, parallelism);
            return;
        }
        List<Integer> sizes = new ArrayList<>();
        prepared.pipeline().plan().forEach(p -> sizes.add(p.steps().size()));
        board = new ProgressBoard(prepared.pipeline().name(), sizes, parallelism);
        startNanos = System.nanoTime();
        out.printf("phasor: pipeline %s, %d steps in %d phases, backend %s (%d at once), cache %s%n",
                prepared.pipeline().name(), prepared.pipeline().plan().stepCount(), sizes.size(), backend, parallelism,
                prepared.layout().dir());
        out.flush();
        display = new Display(terminal, false);
        display.resize(terminal.getHeight(), terminal.getWidth());
        redraw();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phasor-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stepSkipped(StepStatus status) {
        if (plain) {
            fallback.stepSkipped(status);
        }
    }

    @Override
    public synchronized void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
        if (plain) {
            fallback.phaseStarted(phase, toRun, cached, skipped);
            return;
        }
        board.phaseStarted(phase, toRun, cached, skipped);
        redraw();
    }

    @Override
    public synchronized void stepFinished(StepStatus status) {
        if (plain) {
            fallback.stepFinished(status);
            return;
        }
        board.stepFinished(status);
        if (status.status() == StepStatus.FAILED) {
            above(String.format("  FAILED %s on %s: %s: %s", status.step(), status.worker(), status.errorType(),
                    status.errorMessage() == null ? "" : status.errorMessage().lines().findFirst().orElse("")));
        }
        redraw();
    }

    @Override
    public synchronized void phaseFinished(Phase phase, double millis) {
        if (plain) {
            fallback.phaseFinished(phase, millis);
            return;
        }
        board.phaseFinished(phase);
        redraw();
    }

    @Override
    public synchronized void runFinished(RunReport report) {
        if (plain) {
            fallback.runFinished(report);
            return;
        }
        if (closed || board == null) {
            return;
        }
        ticker.shutdownNow();
        redraw();
        closed = true;
        out.println();
        out.flush();
        try {
            terminal.close();
        } catch (IOException e) {
            // the terminal is released; nothing more to do
        }
    }

    /** Prints {@code line} above the bars, where it stays. */
    private void above(String line) {
        display.update(List.of(), 0);
        out.println(line);
        out.flush();
    }

    private synchronized void redraw() {
        if (closed || board == null) {
            return;
        }
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 80;
        display.resize(Math.max(terminal.getHeight(), 1), width);
        List<String> text = board.render(width, (System.nanoTime() - startNanos) / 1e6);
        List<AttributedString> lines = new ArrayList<>(text.size());
        text.forEach(t -> lines.add(new AttributedString(t)));
        String last = text.get(text.size() - 1);
        display.update(lines, new Size(width, Math.max(terminal.getHeight(), 1)).cursorPos(text.size() - 1,
                last.length()));
        terminal.flush();
    }
}
