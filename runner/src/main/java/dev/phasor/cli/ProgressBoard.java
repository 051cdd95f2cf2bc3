package dev.phasor.cli;

import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;
import dev.phasor.cache.SummaryTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The state the live progress bar draws (steps done, failed, running per phase) and its rendering to
 * lines of a given terminal width. Pure and not thread-safe: {@link TerminalProgress} guards it.
 */
final class ProgressBoard {

    /** At most this many phase lines; finished phases above them fold into one line. */
    static final int MAX_PHASE_LINES = 6;
    private static final int MIN_BAR = 10;

    /** Counts of one phase. */
    static final class PhaseCounts {
        final int index;
        final int steps;
        int done;
        int cached;
        int failed;
        int skipped;
        int inFlight;
        boolean started;
        boolean finished;

        PhaseCounts(int index, int steps) {
            this.index = index;
            this.steps = steps;
        }

        int settled() {
            return done + cached + failed + skipped;
        }
    }

    private final String pipeline;
    private final int parallelism;
    private final List<PhaseCounts> phases = new ArrayList<>();

    ProgressBoard(String pipeline, List<Integer> phaseSizes, int parallelism) {
        this.pipeline = pipeline;
        this.parallelism = Math.max(1, parallelism);
        for (int i = 0; i < phaseSizes.size(); i++) {
            phases.add(new PhaseCounts(i, phaseSizes.get(i)));
        }
    }

    void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
        PhaseCounts p = phases.get(phase.index());
        p.started = true;
        p.finished = false; // a finished phase that generated steps joined runs again
        p.cached += cached;
        p.skipped += skipped;
        p.inFlight += toRun;
    }

    void stepFinished(StepStatus status) {
        if (status.phase() < 0 || status.phase() >= phases.size()) {
            return;
        }
        PhaseCounts p = phases.get(status.phase());
        p.inFlight = Math.max(0, p.inFlight - 1);
        if (status.status() == StepStatus.FAILED) {
            p.failed++;
        } else {
            p.done++;
        }
    }

    void phaseFinished(Phase phase) {
        phases.get(phase.index()).finished = true;
    }

    /** The lines to show, none wider than {@code width - 1} (the last column would wrap on some terminals). */
    List<String> render(int width, double elapsedMillis) {
        int max = Math.max(20, width - 1);
        List<String> lines = new ArrayList<>();
        int steps = 0;
        int settled = 0;
        int failed = 0;
        int running = 0;
        for (PhaseCounts p : phases) {
            steps += p.steps;
            settled += p.settled();
            failed += p.failed;
            running += p.inFlight;
        }
        running = Math.min(running, parallelism);
        lines.add(clip(String.format(Locale.ROOT, "%s: %d/%d steps, %d failed, %d running, %s", pipeline, settled, steps,
                failed, running, SummaryTable.duration(elapsedMillis)), max));
        int first = firstShown();
        if (first > 0) {
            int failedBefore = 0;
            for (int i = 0; i < first; i++) {
                failedBefore += phases.get(i).failed;
            }
            lines.add(clip(String.format(Locale.ROOT, "phases 0-%d finished%s", first - 1,
                    failedBefore > 0 ? " (" + failedBefore + " failed)" : ""), max));
        }
        int budget = running; // steps running at once, shared out in phase order
        int last = Math.min(phases.size(), first + MAX_PHASE_LINES);
        List<String> tails = new ArrayList<>();
        int widest = 0;
        for (int i = first; i < last; i++) {
            PhaseCounts p = phases.get(i);
            int runningHere = Math.min(p.inFlight, budget);
            budget -= runningHere;
            String tail = tail(p, runningHere);
            tails.add(tail);
            widest = Math.max(widest, tail.length());
        }
        for (int i = first; i < last; i++) {
            lines.add(phaseLine(phases.get(i), tails.get(i - first), widest, max));
        }
        int hidden = phases.size() - Math.min(phases.size(), first + MAX_PHASE_LINES);
        if (hidden > 0) {
            lines.add(clip("... " + hidden + " more phase" + (hidden == 1 ? "" : "s") + " pending", max));
        }
        return lines;
    }

    /** The first phase to draw: finished phases scroll off so the active ones stay in view. */
    private int firstShown() {
        int active = 0;
        while (active < phases.size() && phases.get(active).finished) {
            active++;
        }
        return Math.max(0, Math.min(active, phases.size() - MAX_PHASE_LINES));
    }

    private static String tail(PhaseCounts p, int running) {
        StringBuilder tail = new StringBuilder(String.format(Locale.ROOT, " %d/%d", p.settled(), p.steps));
        tail.append(" done ").append(p.done + p.cached);
        if (p.cached > 0) {
            tail.append(" (").append(p.cached).append(" cached)");
        }
        tail.append(", failed ").append(p.failed);
        if (p.skipped > 0) {
            tail.append(", skipped ").append(p.skipped);
        }
        tail.append(", running ").append(running);
        if (!p.started) {
            tail.append(" (waiting)");
        }
        return tail.toString();
    }

    /** One phase: label, bar, figures; bars of all shown phases share one width ({@code widestTail}). */
    private static String phaseLine(PhaseCounts p, String tail, int widestTail, int max) {
        String label = String.format(Locale.ROOT, "phase %-3d", p.index);
        int barWidth = max - label.length() - widestTail - 1;
        if (barWidth < MIN_BAR) {
            return clip(label + tail, max);
        }
        return label + " " + bar(p, barWidth) + tail;
    }

    /** {@code [====>.....]}: settled steps fill the bar; a failed share is drawn with {@code x}. */
    static String bar(PhaseCounts p, int width) {
        int inner = width - 2;
        int total = Math.max(1, p.steps);
        int bad = (int) Math.round((double) (p.failed + p.skipped) * inner / total);
        int good = (int) Math.round((double) (p.done + p.cached) * inner / total);
        good = Math.min(good, inner - bad);
        StringBuilder b = new StringBuilder(width).append('[');
        b.append("=".repeat(good)).append("x".repeat(bad));
        int rest = inner - good - bad;
        if (rest > 0 && p.inFlight > 0) {
            b.append('>');
            rest--;
        }
        return b.append(".".repeat(rest)).append(']').toString();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
