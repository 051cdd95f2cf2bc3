package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.phasor.cluster.secret.SealBrokenException;
import dev.phasor.cluster.secret.SealingKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.UUID;

/**
 * A Phasor message between coordinator and workers: a {@link SealHeader} and a body of explicit fields. Without
 * a secret the body travels in the clear, as it always did. With one, the sender seals it ({@link #sealWith}):
 * the body is encrypted and authenticated under the run's key together with the header, and the receiver must
 * {@link #open} it before it reads a field. A message read and not opened is written again exactly as it came
 * (what a replay sends).
 */
abstract class SealedMessage implements IdentifiedDataSerializable {

    private SealHeader header;
    /** The key to seal with when written; null: the body is written in the clear. */
    private transient SealingKey key;
    /** The sealed body as received, until opened. */
    private byte[] sealedBody;

    /** Writes the message's fields. */
    abstract void writeBody(DataOutput out) throws IOException;

    /** Reads what {@link #writeBody} wrote. */
    abstract void readBody(DataInput in) throws IOException;

    /** Sends the body in the clear, under {@code header} (whose secret id is then null). */
    final void plain(SealHeader header) {
        this.header = header;
        this.key = null;
    }

    /** Seals the body with {@code key} under {@code header} when the message is written. */
    final void sealWith(SealingKey key, SealHeader header) {
        this.header = header;
        this.key = key;
    }

    /** The header as sent or received; null on a message never stamped (a test's). */
    final SealHeader header() {
        return header;
    }

    /** True if the body came sealed and was not opened yet: no field of the body is set. */
    final boolean isSealed() {
        return sealedBody != null;
    }

    /**
     * Opens a sealed body: decrypts it with {@code key}, checks it against the header as member {@code self}
     * received it, and reads its fields.
     *
     * @throws SealBrokenException if it was not sealed with this key, for this member, under this header
     */
    final void open(SealingKey key, UUID self) throws SealBrokenException {
        byte[] body = key.open(sealedBody, header.to(self).associatedData());
        try {
            readBody(new DataInputStream(new ByteArrayInputStream(body)));
        } catch (IOException e) {
            throw new SealBrokenException("its sealed body does not read as a " + getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        sealedBody = null;
    }

    @Override
    public final int getFactoryId() {
        return Messages.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        header.write(out);
        if (key != null) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(256);
            try (DataOutputStream d = new DataOutputStream(body)) {
                writeBody(d);
            }
            out.writeByteArray(key.seal(body.toByteArray(), header.associatedData()));
        } else if (sealedBody != null) {
            out.writeByteArray(sealedBody);
        } else {
            writeBody(out);
        }
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        header = SealHeader.read(in, getClassId());
        if (header.secretId() != null) {
            sealedBody = in.readByteArray();
        } else {
            readBody(in);
        }
    }
}
