package dev.phasor.cluster.hazelcast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker to coordinator: the outcomes of a {@link RunSteps}, in its order; fewer than its orders only if the
 * last one says why the worker did not go on (it refused the message or an order).
 */
final class StepOutcomes extends SealedMessage {

    private List<StepOutcome> outcomes;

    StepOutcomes() {
    }

    StepOutcomes(List<StepOutcome> outcomes) {
        this.outcomes = outcomes;
    }

    List<StepOutcome> outcomes() {
        return outcomes;
    }

    @Override
    public int getClassId() {
        return Messages.STEP_OUTCOMES;
    }

    @Override
    void writeBody(DataOutput out, Payloads payloads) throws IOException {
        out.writeInt(outcomes.size());
        for (StepOutcome o : outcomes) {
            o.write(out, payloads);
        }
    }

    @Override
    void readBody(DataInput in, Payloads payloads) throws IOException {
        int n = Messages.count(in);
        outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outcomes.add(StepOutcome.read(in, payloads));
        }
    }
}
