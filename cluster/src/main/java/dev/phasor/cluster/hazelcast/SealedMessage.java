package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.phasor.cluster.secret.MessageKeys;
import dev.phasor.cluster.secret.SealBrokenException;
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
 * the body is followed by an HMAC-SHA256 tag over header and body, and the results it carries are encrypted
 * (AES-GCM, {@link Payloads}); the receiver must {@link #open} it, which checks the tag, before it reads a
 * field. A message read and not opened is written again exactly as it came (what a replay sends).
 */
abstract class SealedMessage implements IdentifiedDataSerializable {

    private SealHeader header;
    /** The keys to seal with when written; null: the body is written in the clear. */
    private transient MessageKeys keys;
    /** The sealed body and its tag as received, until opened. */
    private byte[] sealedBody;
    private byte[] tag;

    /** Writes the message's fields, results through {@code payloads}. */
    abstract void writeBody(DataOutput out, Payloads payloads) throws IOException;

    /** Reads what {@link #writeBody} wrote. */
    abstract void readBody(DataInput in, Payloads payloads) throws IOException;

    /** Sends the body in the clear, under {@code header} (whose secret id is then null). */
    final void plain(SealHeader header) {
        this.header = header;
        this.keys = null;
    }

    /** Seals the body with {@code keys} under {@code header} when the message is written. */
    final void sealWith(MessageKeys keys, SealHeader header) {
        this.header = header;
        this.keys = keys;
    }

    /** The header as sent or received. */
    final SealHeader header() {
        return header;
    }

    /** True if the body came sealed and was not opened yet: no field of the body is set. */
    final boolean isSealed() {
        return sealedBody != null;
    }

    /**
     * Opens a sealed body: checks its tag under {@code keys} against the header as member {@code self} received
     * it, then reads its fields, decrypting the results it carries.
     *
     * @throws SealBrokenException if it was not sealed with these keys, for this member, under this header
     */
    final void open(MessageKeys keys, UUID self) throws SealBrokenException {
        byte[] associated = header.to(self).associatedData();
        keys.verify(associated, sealedBody, tag);
        try {
            readBody(new DataInputStream(new ByteArrayInputStream(sealedBody)), Payloads.opening(keys, associated));
        } catch (IOException e) {
            throw new SealBrokenException("its body does not read as a " + getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        sealedBody = null;
        tag = null;
    }

    @Override
    public final int getFactoryId() {
        return Messages.FACTORY_ID;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        header.write(out);
        if (keys != null) {
            byte[] associated = header.associatedData();
            ByteArrayOutputStream body = new ByteArrayOutputStream(256);
            try (DataOutputStream d = new DataOutputStream(body)) {
                writeBody(d, Payloads.sealing(keys, associated));
            }
            byte[] bytes = body.toByteArray();
            out.writeByteArray(bytes);
            out.writeByteArray(keys.tag(associated, bytes));
        } else if (sealedBody != null) {
            out.writeByteArray(sealedBody);
            out.writeByteArray(tag);
        } else {
            writeBody(out, Payloads.CLEAR);
        }
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        header = SealHeader.read(in, getClassId());
        if (header.secretId() != null) {
            sealedBody = in.readByteArray();
            tag = in.readByteArray();
        } else {
            readBody(in, Payloads.CLEAR);
        }
    }

    /** How a message writes the results it carries: as they are, or encrypted under its keys and header. */
    abstract static class Payloads {

        static final Payloads CLEAR = new Payloads() {
            @Override
            byte[] write(byte[] payload) {
                return payload;
            }

            @Override
            byte[] read(byte[] written) {
                return written;
            }
        };

        abstract byte[] write(byte[] payload);

        abstract byte[] read(byte[] written) throws IOException;

        static Payloads sealing(MessageKeys keys, byte[] header) {
            return new Payloads() {
                @Override
                byte[] write(byte[] payload) {
                    return payload == null ? null : keys.sealPayload(payload, header);
                }

                @Override
                byte[] read(byte[] written) {
                    throw new IllegalStateException("a message being sealed is not read");
                }
            };
        }

        static Payloads opening(MessageKeys keys, byte[] header) {
            return new Payloads() {
                @Override
                byte[] write(byte[] payload) {
                    throw new IllegalStateException("a message being opened is not written");
                }

                @Override
                byte[] read(byte[] written) throws IOException {
                    try {
                        return written == null ? null : keys.openPayload(written, header);
                    } catch (SealBrokenException e) {
                        throw new IOException("a result it carries does not decrypt: " + e.getMessage(), e);
                    }
                }
            };
        }
    }
}
