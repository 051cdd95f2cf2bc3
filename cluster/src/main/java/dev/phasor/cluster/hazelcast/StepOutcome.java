package dev.phasor.cluster.hazelcast;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.phasor.backend.StepReport;
import dev.phasor.cache.StepStatus;
import java.io.IOException;

/**
 * Worker to coordinator: the report of a step it ran, or why it did not run it (then the coordinator
 * dispatches the order again elsewhere). The status travels as the same JSON as a status file.
 */
final class StepOutcome implements IdentifiedDataSerializable {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private byte[] status;
    private byte[] result;
    private String refusal;

    StepOutcome() {
    }

    static StepOutcome report(StepReport report) {
        StepOutcome o = new StepOutcome();
        try {
            o.status = JSON.writeValueAsBytes(report.status());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the status of step '" + report.status().step() + "'", e);
        }
        o.result = report.result();
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

    StepReport toReport() throws IOException {
        return new StepReport(JSON.readValue(status, StepStatus.class), result);
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
        out.writeByteArray(status);
        out.writeByteArray(result);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        refusal = in.readString();
        status = in.readByteArray();
        result = in.readByteArray();
    }
}
