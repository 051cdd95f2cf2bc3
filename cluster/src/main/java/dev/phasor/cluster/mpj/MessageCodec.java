package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.serialization.CodecException;
import dev.phasor.serialization.KryoCodec;
import dev.phasor.serialization.TypeRegistry;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import java.util.List;

/**
 * {@link Message}s to Kryo bytes and back. Registration is required, so a frame can only ever decode
 * into the protocol's own classes: plain values only (a step's status travels as its JSON record inside a
 * {@link Report}), so a change to the cache's status classes never changes the wire. Every rank registers the
 * same classes in the same order (ranks run the same jars). Thread-safe.
 */
final class MessageCodec {

    private static final List<Class<?>> PROTOCOL = List.of(
            Order.class, Report.class,
            Message.Hello.class, Message.HelloReply.class, Message.Orders.class, Message.Reports.class,
            Message.Finish.class, Message.Abort.class, Message.Left.class, Message.Heartbeat.class);

    private final KryoCodec codec =
            new KryoCodec(TypeRegistry.jdk().with(PROTOCOL), MessageCodec.class.getClassLoader());

    byte[] encode(Message message) {
        return codec.encode(message);
    }

    /**
     * Decodes one frame.
     *
     * @throws BackendException if the bytes are not a message of this protocol (another Phasor version?)
     */
    Message decode(byte[] frame, int from) {
        try {
            Object value = codec.decode(frame);
            if (value instanceof Message m) {
                return m;
            }
            throw new BackendException("rank " + from + " sent a " + (value == null ? "null" : value.getClass().getName())
                    + " instead of a protocol message");
        } catch (CodecException e) {
            throw new BackendException("cannot decode a message from rank " + from + " (" + e.getMessage()
                    + "); do all ranks run the same Phasor jars?", e);
        }
    }
}
