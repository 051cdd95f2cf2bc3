package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.phasor.exec.StepReport;
import dev.phasor.transport.Report;
import java.io.IOException;

/**
 * Worker to coordinator: the {@link Report} of a step it ran, or why it did not run it (then the coordinator
 * takes the worker out of the run, and the engine places its orders elsewhere).
 */
final class StepOutcome implements IdentifiedDataSerializable {

    private String step;
    private int attempt;
    private boolean succeeded;
    private long durationNanos;
    private byte[] status;
    private byte[] result;
    private String refusal;

    StepOutcome() {
    }

    static StepOutcome report(StepReport ran) {
        Report r = ran.toReport();
        StepOutcome o = new StepOutcome();
        o.step = r.step();
        o.attempt = r.attempt();
        o.succeeded = r.succeeded();
        o.durationNanos = r.durationNanos();
        o.status = r.status();
        o.result = r.result();
        return o;
    }

    static StepOutcome refused(String why) {
        StepOutcome o = new StepOutcome();
        o.refusal = why;
        return o;
    }

    /** True if the worker ran the step; false if it refused the order ({@link #refusal()} says why). */
    boolean ran() {
        return refusal == null;
    }

    String refusal() {
        return refusal;
    }

    Report toReport() {
        return new Report(step, attempt, succeeded, durationNanos, status, result);
    }

    @Override
    public int getFactoryId() {
        return Messages.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Messages.STEP_OUTCOME;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(refusal);
        if (refusal == null) {
            out.writeString(step);
            out.writeInt(attempt);
            out.writeBoolean(succeeded);
            out.writeLong(durationNanos);
            out.writeByteArray(status);
            out.writeByteArray(result);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        refusal = in.readString();
        if (refusal == null) {
            step = in.readString();
            attempt = in.readInt();
            succeeded = in.readBoolean();
            durationNanos = in.readLong();
            status = in.readByteArray();
            result = in.readByteArray();
        }
    }
}
