package dev.phasor.cluster.hazelcast;

import dev.phasor.transport.Followers;
import dev.phasor.transport.Order;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coordinator to worker: one message of the transport, the orders the engine placed on this worker. They
 * run one after the other on one of the worker's threads (its step executor has {@code --threads} of them),
 * a follower only if the step it follows succeeded ({@link Followers}), and their outcomes come back together,
 * in order. When results travel over the network, {@code inputs}
 * holds the encoded results of the orders' input steps, or the last part of them when they were too large for
 * one message: the other parts were staged on the worker before ({@link StageInputs}).
 */
final class RunSteps extends WorkerTask<StepOutcomes> {

    List<Order> orders;
    /**
     * Encoded results of the orders' input steps that were not staged before, by step name; empty unless
     * results travel over the network.
     */
    Map<String, byte[]> inputs;

    RunSteps() {
    }

    RunSteps(String runId, List<Order> orders, Map<String, byte[]> inputs) {
        plain(new SealHeader(Messages.RUN_STEPS, null, null, runId, 0, null));
        this.orders = orders;
        this.inputs = inputs;
    }

    @Override
    StepOutcomes runOn(WorkerNode node) {
        List<StepOutcome> outcomes = new ArrayList<>(orders.size());
        Followers followers = node.followers(header().runId());
        for (Order o : orders) {
            if (followers != null && !followers.runs(o)) {
                outcomes.add(StepOutcome.withdrawn());
                continue;
            }
            StepOutcome outcome = node.execute(header().runId(), o, inputs);
            if (followers != null) {
                followers.ended(o, outcome.ran() && outcome.succeeded());
            }
            outcomes.add(outcome);
        }
        return new StepOutcomes(outcomes);
    }

    @Override
    StepOutcomes refused(WorkerNode node, String why) {
        return new StepOutcomes(List.of(StepOutcome.refused(why)));
    }

    @Override
    public int getClassId() {
        return Messages.RUN_STEPS;
    }

    @Override
    void writeBody(DataOutput out, Payloads payloads) throws IOException {
        out.writeInt(orders.size());
        for (Order o : orders) {
            Messages.writeString(out, o.step());
            out.writeInt(o.attempt());
            out.writeInt(o.failedBefore());
        }
        Messages.writeBytesByName(out, inputs, payloads);
    }

    @Override
    void readBody(DataInput in, Payloads payloads) throws IOException {
        int n = Messages.count(in);
        orders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            orders.add(new Order(Messages.readString(in), in.readInt(), in.readInt()));
        }
        inputs = Messages.readBytesByName(in, payloads);
    }
}
