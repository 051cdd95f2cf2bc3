package dev.phasor.cli;

import dev.phasor.api.Phase;
import dev.phasor.cache.StepStatus;
import dev.phasor.cache.SummaryTable;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import java.io.PrintWriter;

/**
 * Progress on the console: a line per phase for small plans, a line every few seconds for large ones,
 * and a line for every failure (always).
 */
final class ConsoleListener implements RunListener {

    private static final int MAX_PHASE_LINES = 50;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final PrintWriter out;
    private final boolean quiet;
    private final String backend;
    private int phases;
    private int steps;
    private int finished;
    private int failed;
    private long lastProgress = System.nanoTime();

    ConsoleListener(PrintWriter out, boolean quiet, String backend) {
        this.out = out;
        this.quiet = quiet;
        this.backend = backend;
    }

    @Override
    public void runStarted(PreparedPipeline prepared, int parallelism) {
        phases = prepared.pipeline().plan().phases().size();
        steps = prepared.pipeline().plan().stepCount();
        if (!quiet) {
            out.printf("phasor: pipeline %s, %d steps in %d phases%s, backend %s (%d at once), cache %s%n",
                    prepared.pipeline().name(), steps, phases,
                    prepared.pipeline().isDynamic() ? " (more generated at run time)" : "", backend, parallelism,
                    prepared.layout().dir());
            out.flush();
        }
    }

    @Override
    public void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
        finished += cached; // skipped and held steps are counted by their own events
        if (!quiet && phases <= MAX_PHASE_LINES) {
            out.printf("phase %d: %d steps (%d to run, %d cached, %d skipped)%n", phase.index(), phase.steps().size(),
                    toRun, cached, skipped);
            out.flush();
        }
    }

    @Override
    public void stepFinished(StepStatus status) {
        finished++;
        if (status.status() == StepStatus.FAILED) {
            failed++;
            out.printf("  FAILED %s on %s: %s: %s%n", status.step(), status.worker(), status.errorType(),
                    firstLine(status.errorMessage()));
            out.flush();
        }
        progress();
    }

    @Override
    public void stepSkipped(StepStatus status) {
        finished++;
        if (!quiet && steps <= MAX_PHASE_LINES * 10) {
            out.printf("  skipped %s: %s%n", status.step(), status.reason());
        }
    }

    @Override
    public void stepHeld(StepStatus status) {
        finished++;
        if (!quiet && steps <= MAX_PHASE_LINES * 10) {
            out.printf("  pending %s: %s%n", status.step(), status.reason());
        }
    }

    @Override
    public void phaseFinished(Phase phase, double millis) {
        if (!quiet && phases <= MAX_PHASE_LINES) {
            out.printf("phase %d finished in %s%n", phase.index(), SummaryTable.duration(millis));
            out.flush();
        }
        progress();
    }

    private void progress() {
        long now = System.nanoTime();
        if (!quiet && phases > MAX_PHASE_LINES && now - lastProgress > PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            out.printf("progress: %d/%d steps finished, %d failed%n", finished, steps, failed);
            out.flush();
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
