package dev.phasor.engine;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one step of a run is, and the only moves it may make. A step settles once, in {@link #DONE},
 * {@link #FAILED}, {@link #SKIPPED} or {@link #HELD}; a lost worker or a retry sends a dispatched or running
 * step back to {@link #READY}, and a step sent ahead of the step it follows back to {@link #PENDING} when that
 * one failed. A cached step settles straight from {@code READY} to {@code DONE}.
 */
public enum StepState {
    /** Some upstream step has no outcome yet. */
    PENDING,
    /** May be decided: its upstream steps settled (or it is cached), or it waits for a slot or its retry. */
    READY,
    /** Sent to a worker that has not said it started. */
    DISPATCHED,
    /** A worker runs it. */
    RUNNING,
    DONE,
    FAILED,
    /** Not run because a required upstream step failed or was skipped. */
    SKIPPED,
    /** Left pending on purpose (--until, --restart-failed, an upstream step held). */
    HELD;

    private static final Map<StepState, Set<StepState>> LEGAL = Map.of(
            PENDING, EnumSet.of(READY, DISPATCHED), // DISPATCHED: sent ahead, to follow its upstream step
            READY, EnumSet.of(DISPATCHED, DONE, SKIPPED, HELD),
            DISPATCHED, EnumSet.of(RUNNING, DONE, FAILED, READY, PENDING),
            RUNNING, EnumSet.of(DONE, FAILED, READY, PENDING),
            DONE, EnumSet.noneOf(StepState.class),
            FAILED, EnumSet.noneOf(StepState.class),
            SKIPPED, EnumSet.noneOf(StepState.class),
            HELD, EnumSet.noneOf(StepState.class));

    /** True if a step in this state may move to {@code next}. */
    public boolean canMoveTo(StepState next) {
        return LEGAL.get(this).contains(next);
    }

    /** True for the four outcomes: the step will not move again in this run. */
    public boolean isSettled() {
        return ordinal() >= DONE.ordinal();
    }

    /** True while a worker holds the step. */
    public boolean isInFlight() {
        return this == DISPATCHED || this == RUNNING;
    }
}
