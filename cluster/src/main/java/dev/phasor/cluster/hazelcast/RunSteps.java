package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coordinator to worker: run several steps of a prepared run, one after the other on one of the worker's
 * threads, and answer all their outcomes at once. Short steps go in batches so one invocation round trip
 * (hundreds of microseconds) is shared by many steps. Only when results travel through shared storage.
 */
final class RunSteps extends WorkerTask<StepOutcomes> {

    String runId;
    List<String> steps;
    List<Integer> attempts;

    RunSteps() {
    }

    RunSteps(String runId, List<String> steps, List<Integer> attempts) {
        this.runId = runId;
        this.steps = steps;
        this.attempts = attempts;
    }

    @Override
    StepOutcomes runOn(WorkerNode node) {
        List<StepOutcome> outcomes = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            outcomes.add(node.execute(new RunStep(runId, steps.get(i), attempts.get(i), Map.of())));
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
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        runId = in.readString();
        steps = Messages.readStrings(in);
        attempts = new ArrayList<>();
        for (int a : in.readIntArray()) {
            attempts.add(a);
        }
    }
}
