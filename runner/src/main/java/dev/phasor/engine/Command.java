package dev.phasor.engine;

import java.util.List;

/** What the engine asks its driver to do, in the order it must be done. */
public sealed interface Command {

    /** Send {@code orders} to {@code worker}, in one message. */
    record Place(String worker, List<Order> orders) implements Command {
        public Place {
            orders = List.copyOf(orders);
        }
    }

    /**
     * The first decision of a phase, or of a closed phase an expansion added steps to: its steps to run, reused
     * and skipped as seen now.
     */
    record PhaseOpened(int phase, int toRun, int cached, int skipped) implements Command {
    }

    /** {@code step} settled: write its status, tell the listeners. */
    record Settled(String step, int phase, Outcome outcome, int attempt) implements Command {
    }

    /** Every step of the phase has an outcome, {@code nanos} after it opened. */
    record PhaseClosed(int phase, long nanos) implements Command {
    }

    /** A failed attempt is tried again at {@code dueNanos} (engine clock); call {@link Engine#tick()} then. */
    record RetryLater(String step, int nextAttempt, long dueNanos) implements Command {
    }

    /**
     * A step sent ahead to follow another ({@link Engine.Settings#ahead()}) will not run on {@code worker}: the
     * step it follows failed there, or the worker was lost before that step was done. It is pending again.
     */
    record Withdrawn(String step, String worker) implements Command {
    }

    /** A lost worker held the step: it goes back to the queue (attempt unchanged). */
    record Requeued(String step, String lostWorker) implements Command {
    }

    /** Generator {@code step} settled: apply the expansions now possible and answer with {@link Engine#expanded}. */
    record Expand(String step) implements Command {
    }

    /** The run is over: every step settled, or it was aborted ({@code reason}, else null). */
    record Finish(boolean aborted, String reason) implements Command {
    }
}
