package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.phasor.transport.Order;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coordinator to worker: one message of the transport, the orders the engine placed on this worker. They
 * run one after the other on one of the worker's threads (its step executor has {@code --threads} of them),
 * and their outcomes come back together, in order. When results travel over the network, {@code inputs}
 * holds the encoded results of the orders' input steps.
 */
final class RunSteps extends WorkerTask<StepOutcomes> {

    String runId;
    List<Order> orders;
    /** Encoded results of the orders' input steps, by step name; empty unless results travel over the network. */
    Map<String, byte[]> inputs;

    RunSteps() {
    }

    RunSteps(String runId, List<Order> orders, Map<String, byte[]> inputs) {
        this.runId = runId;
        this.orders = orders;
        this.inputs = inputs;
    }

    @Override
    StepOutcomes runOn(WorkerNode node) {
        List<StepOutcome> outcomes = new ArrayList<>(orders.size());
        for (Order o : orders) {
            outcomes.add(node.execute(runId, o, inputs));
        }
        return new StepOutcomes(outcomes);
    }

    @Override
    public int getClassId() {
        return Messages.RUN_STEPS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(runId);
        int[] attempts = new int[orders.size()];
        int[] failedBefore = new int[orders.size()];
        List<String> steps = new ArrayList<>(orders.size());
        for (int i = 0; i < attempts.length; i++) {
            steps.add(orders.get(i).step());
            attempts[i] = orders.get(i).attempt();
            failedBefore[i] = orders.get(i).failedBefore();
        }
        Messages.writeStrings(out, steps);
        out.writeIntArray(attempts);
        out.writeIntArray(failedBefore);
        Messages.writeBytesByName(out, inputs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        runId = in.readString();
        List<String> steps = Messages.readStrings(in);
        int[] attempts = in.readIntArray();
        int[] failedBefore = in.readIntArray();
        orders = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            orders.add(new Order(steps.get(i), attempts[i], failedBefore[i]));
        }
        inputs = Messages.readBytesByName(in);
    }
}
