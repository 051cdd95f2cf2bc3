package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Worker to coordinator: the outcomes of a {@link RunSteps}, in its order. */
final class StepOutcomes implements IdentifiedDataSerializable {

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
    public int getFactoryId() {
        return Messages.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Messages.STEP_OUTCOMES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(outcomes.size());
        for (StepOutcome o : outcomes) {
            o.writeData(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StepOutcome o = new StepOutcome();
            o.readData(in);
            outcomes.add(o);
        }
    }
}
