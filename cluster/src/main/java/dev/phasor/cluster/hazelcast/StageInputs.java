package dev.phasor.cluster.hazelcast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Coordinator to worker, with {@code --results-over-network}: part of the inputs of a {@link RunSteps} that
 * follows once every part is staged, for inputs too large for one message. The worker writes them into the
 * run's scratch cache and answers with no outcome, or with one refused outcome saying why it did not.
 */
final class StageInputs extends WorkerTask<StepOutcomes> {

    /** Encoded results by step name. */
    Map<String, byte[]> inputs;

    StageInputs() {
    }

    StageInputs(String runId, Map<String, byte[]> inputs) {
        plain(new SealHeader(Messages.STAGE_INPUTS, null, null, runId, 0, null));
        this.inputs = inputs;
    }

    @Override
    StepOutcomes runOn(WorkerNode node) {
        String refusal = node.stage(header().runId(), inputs);
        return refusal == null ? new StepOutcomes(List.of()) : refused(node, refusal);
    }

    @Override
    StepOutcomes refused(WorkerNode node, String why) {
        return new StepOutcomes(List.of(StepOutcome.refused(why)));
    }

    @Override
    public int getClassId() {
        return Messages.STAGE_INPUTS;
    }

    @Override
    void writeBody(DataOutput out, Payloads payloads) throws IOException {
        Messages.writeBytesByName(out, inputs, payloads);
    }

    @Override
    void readBody(DataInput in, Payloads payloads) throws IOException {
        inputs = Messages.readBytesByName(in, payloads);
    }
}
