package dev.phasor.dashboard;

import dev.phasor.api.Phase;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import java.time.Instant;

/** Feeds a run's events to the dashboard's {@link StepBoard}; each event is one queue insertion. */
public final class DashboardListener implements RunListener {

    private final StepBoard board;
    private PreparedPipeline prepared;
    private SchemaDocument schema;

    public DashboardListener(StepBoard board) {
        this.board = board;
    }

    @Override
    public void runStarted(PreparedPipeline prepared, int parallelism) {
        this.prepared = prepared;
        this.schema = prepared.schema();
        board.postSchema(schema);
        board.postRun(Instant.now(), true);
    }

    @Override
    public void phaseStarted(Phase phase, int toRun, int cached, int skipped) {
        SchemaDocument now = prepared.schema();
        if (now != schema) { // a dynamic pipeline's generators added steps
            schema = now;
            board.postSchema(now);
        }
        if (cached > 0) {
            board.postCachedCheck(phase.index());
        }
        board.postDispatched(phase.index());
    }

    @Override
    public void stepFinished(StepStatus status) {
        board.postStatus(status);
    }

    @Override
    public void stepSkipped(StepStatus status) {
        board.postStatus(status);
    }

    @Override
    public void stepHeld(StepStatus status) {
        board.postStatus(status);
    }

    @Override
    public void runFinished(RunReport report) {
        board.postEnded();
    }
}
