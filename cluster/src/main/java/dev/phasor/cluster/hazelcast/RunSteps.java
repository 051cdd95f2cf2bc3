package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
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
    List<String> steps;
    List<Integer> attempts;
    /** Encoded results of the orders' input steps, by step name; empty unless results travel over the network. */
    Map<String, byte[]> inputs;

    RunSteps() {
    }

    RunSteps(String runId, List<String> steps, List<Integer> attempts, Map<String, byte[]> inputs) {
        this.runId = runId;
        this.steps = steps;
        this.attempts = attempts;
        this.inputs = inputs;
    }

    @Override
    StepOutcomes runOn(WorkerNode node) {
        List<StepOutcome> outcomes = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            outcomes.add(node.execute(runId, steps.get(i), attempts.get(i), inputs));
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
        Messages.writeStrings(out, steps);
        int[] a = new int[attempts.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = attempts.get(i);
        }
        out.writeIntArray(a);
        Messages.writeBytesByName(out, inputs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        runId = in.readString();
        steps = Messages.readStrings(in);
        attempts = new ArrayList<>();
        for (int a : in.readIntArray()) {
            attempts.add(a);
        }
        inputs = Messages.readBytesByName(in);
    }
}
