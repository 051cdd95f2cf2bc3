package dev.phasor.cluster.hazelcast;

import dev.phasor.backend.StepOrder;

/**
 * One dispatch of an order to one worker. Compared by identity: only the order's current attempt may
 * report, which is what makes a late answer from an abandoned attempt harmless.
 */
final class Attempt {

    final StepOrder order;
    final WorkerSlot worker;
    /** True when it travels in a {@link RunSteps} batch: the batch, not the attempt, holds the worker's thread. */
    final boolean batched;

    Attempt(StepOrder order, WorkerSlot worker) {
        this(order, worker, false);
    }

    Attempt(StepOrder order, WorkerSlot worker, boolean batched) {
        this.order = order;
        this.worker = worker;
        this.batched = batched;
    }

    String step() {
        return order.step();
    }
}
