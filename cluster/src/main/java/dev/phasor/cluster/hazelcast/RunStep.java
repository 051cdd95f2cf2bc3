package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Coordinator to worker: run one step of a prepared run. Runs on the worker's step executor, whose pool
 * size is the worker's {@code --threads}.
 */
final class RunStep extends WorkerTask<StepOutcome> {

    String runId;
    String step;
    int attempt;
    /** Encoded results of the step's inputs, by step name; only when results travel over the network. */
    Map<String, byte[]> inputs;

    RunStep() {
    }

    RunStep(String runId, String step, int attempt, Map<String, byte[]> inputs) {
        this.runId = runId;
        this.step = step;
        this.attempt = attempt;
        this.inputs = inputs;
    }

    @Override
    StepOutcome runOn(WorkerNode node) {
        return node.execute(this);
    }

    @Override
    public int getClassId() {
        return Messages.RUN_STEP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(runId);
        out.writeString(step);
        out.writeInt(attempt);
        Messages.writeBytesByName(out, inputs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        runId = in.readString();
        step = in.readString();
        attempt = in.readInt();
        inputs = Messages.readBytesByName(in);
    }
}
