package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the messages coordinator and workers exchange. They are {@link IdentifiedDataSerializable}:
 * explicit fields under fixed ids, so Phasor's own traffic never goes through Java serialization (which
 * Hazelcast's deserialization filter, switched on in {@link MemberConfigs}, restricts for everything else).
 */
final class Messages implements DataSerializableFactory {

    static final int FACTORY_ID = 0x50484153; // "PHAS"
    static final int PREPARE_RUN = 1;
    static final int WORKER_ANSWER = 2;
    // 3 was RUN_STEP: one order per message, before every message became a batch (RunSteps)
    static final int STEP_OUTCOME = 4;
    static final int RELEASE_RUN = 5;
    static final int RUN_STEPS = 6;
    static final int STEP_OUTCOMES = 7;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case PREPARE_RUN -> new PrepareRun();
            case WORKER_ANSWER -> new WorkerAnswer();
            case STEP_OUTCOME -> new StepOutcome();
            case RELEASE_RUN -> new ReleaseRun();
            case RUN_STEPS -> new RunSteps();
            case STEP_OUTCOMES -> new StepOutcomes();
            default -> null;
        };
    }

    static void writeStrings(ObjectDataOutput out, List<String> values) throws IOException {
        out.writeStringArray(values.toArray(String[]::new));
    }

    static List<String> readStrings(ObjectDataInput in) throws IOException {
        String[] values = in.readStringArray();
        return values == null ? List.of() : List.copyOf(Arrays.asList(values));
    }

    static void writeBytesByName(ObjectDataOutput out, Map<String, byte[]> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            out.writeString(e.getKey());
            out.writeByteArray(e.getValue());
        }
    }

    static Map<String, byte[]> readBytesByName(ObjectDataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("bad input count " + n);
        }
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(in.readString(), in.readByteArray());
        }
        return values;
    }
}
