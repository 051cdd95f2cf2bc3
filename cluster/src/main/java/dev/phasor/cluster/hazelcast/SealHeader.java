package dev.phasor.cluster.hazelcast;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * What a message says of itself in the clear: its kind, the member that sent it, the member it is for, its run,
 * its sequence number in that run and the id of the secret it is sealed with (null: not sealed). Every field
 * is bound into the seal ({@link #associatedData}), so a sealed message cannot be passed off as another kind,
 * for another member or run, or as another number in the run. The receiver's own id stands in for {@code to}
 * (it is not sent): a message sealed for one worker does not open on another.
 */
record SealHeader(int kind, UUID from, UUID to, String runId, long seq, String secretId) {

    private static final String VERSION = "phasor-hazelcast-1";

    /** The same header as received by member {@code self}. */
    SealHeader to(UUID self) {
        return new SealHeader(kind, from, self, runId, seq, secretId);
    }

    byte[] associatedData() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Messages.writeString(out, VERSION);
            out.writeInt(kind);
            Messages.writeUuid(out, from);
            Messages.writeUuid(out, to);
            Messages.writeString(out, runId);
            out.writeLong(seq);
            Messages.writeString(out, secretId);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    void write(DataOutput out) throws IOException {
        Messages.writeUuid(out, from);
        Messages.writeString(out, runId);
        out.writeLong(seq);
        Messages.writeString(out, secretId);
    }

    static SealHeader read(DataInput in, int kind) throws IOException {
        UUID from = Messages.readUuid(in);
        String runId = Messages.readString(in);
        long seq = in.readLong();
        String secretId = Messages.readString(in);
        return new SealHeader(kind, from, null, runId, seq, secretId);
    }
}
