package dev.phasor.cluster.hazelcast;

import dev.phasor.backend.StepOrder;

/**
 * One dispatch of an order to one worker. Compared by identity: only the order's current attempt may
 * report, which is what makes a late answer from an abandoned attempt harmless.
 */
final class Attempt {

    final StepOrder order;
    final WorkerSlot worker;

    Attempt(StepOrder order, WorkerSlot worker) {
        this.order = order;
        this.worker = worker;
    }

    String step() {
        return order.step();
    }
}
