package dev.phasor.cluster.hazelcast;

import dev.phasor.transport.Order;
import java.util.List;
import java.util.Map;

/**
 * Orders whose inputs go ahead of them in {@link StageInputs} messages, one part each: their {@link RunSteps},
 * carrying the last part, is sent once the worker has staged every other part. Coordinator thread only (answers
 * are handled there after {@code send} returns, so all parts are counted before the first is).
 */
final class StagedOrders {

    final WorkerSlot worker;
    final List<Order> orders;
    /** The last part of the inputs, which travels with the orders. */
    Map<String, byte[]> lastPart = Map.of();
    private int unstaged;

    StagedOrders(WorkerSlot worker, List<Order> orders) {
        this.worker = worker;
        this.orders = orders;
    }

    /** A part went ahead. */
    void partSent() {
        unstaged++;
    }

    /** True if no part went ahead: the orders go at once, with every input. */
    boolean nothingAhead() {
        return unstaged == 0;
    }

    /** The worker staged a part; true if it was the last one, so the orders may go. */
    boolean staged() {
        return --unstaged == 0;
    }
}
