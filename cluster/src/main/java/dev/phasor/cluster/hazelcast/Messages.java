package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates the messages coordinator and workers exchange, and writes their fields. They are
 * {@link IdentifiedDataSerializable}: explicit fields under fixed ids, so Phasor's own traffic never goes through
 * Java serialization (which Hazelcast's deserialization filter, switched on in {@link MemberConfigs}, restricts
 * for everything else). Fields are written to plain {@link DataOutput}s, so that a body can be sealed as bytes
 * ({@link SealedMessage}).
 */
final class Messages implements DataSerializableFactory {

    static final int FACTORY_ID = 0x50484153; // "PHAS"
    // 1-7: messages in the clear without a header, before they could be sealed; a worker of that time fails
    // at once on these ids ("no factory"), rather than reading one format as the other
    static final int PREPARE_RUN = 8;
    static final int WORKER_ANSWER = 9;
    static final int RELEASE_RUN = 10;
    static final int RUN_STEPS = 11;
    static final int STEP_OUTCOMES = 12;
    static final int STAGE_INPUTS = 13;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case PREPARE_RUN -> new PrepareRun();
            case WORKER_ANSWER -> new WorkerAnswer();
            case RELEASE_RUN -> new ReleaseRun();
            case RUN_STEPS -> new RunSteps();
            case STEP_OUTCOMES -> new StepOutcomes();
            case STAGE_INPUTS -> new StageInputs();
            default -> null;
        };
    }

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInput in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static void writeBytes(DataOutput out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < -1) {
            throw new IOException("bad length " + n);
        }
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void writeUuid(DataOutput out, UUID id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        }
    }

    static UUID readUuid(DataInput in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }

    static void writeStrings(DataOutput out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            writeString(out, v);
        }
    }

    static List<String> readStrings(DataInput in) throws IOException {
        int n = count(in);
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(readString(in));
        }
        return values;
    }

    /** Results by step name, each written through {@code payloads} (encrypted in a sealed message). */
    static void writeBytesByName(DataOutput out, Map<String, byte[]> values, SealedMessage.Payloads payloads)
            throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            writeString(out, e.getKey());
            writeBytes(out, payloads.write(e.getValue()));
        }
    }

    static Map<String, byte[]> readBytesByName(DataInput in, SealedMessage.Payloads payloads) throws IOException {
        int n = count(in);
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            values.put(readString(in), payloads.read(readBytes(in)));
        }
        return values;
    }

    /** A count of elements that follow, checked before anything is allocated for them. */
    static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("bad element count " + n);
        }
        return n;
    }
}
