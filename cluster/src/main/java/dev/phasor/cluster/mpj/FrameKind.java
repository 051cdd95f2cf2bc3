package dev.phasor.cluster.mpj;

/**
 * What a frame carries, named in its clear header: each {@link Message} type, and the three frames of a sealed
 * link's opening ({@link LinkGate}), which the link itself sends and never delivers. The kind is in the clear so
 * that a refused frame can be named without reading its body; under a seal it is bound to the body.
 */
enum FrameKind {
    HELLO("Hello"),
    HELLO_REPLY("HelloReply"),
    ORDERS("Orders"),
    REPORTS("Reports"),
    FINISH("Finish"),
    ABORT("Abort"),
    LEFT("Left"),
    HEARTBEAT("Heartbeat"),
    /** A worker's first frame with a secret: a fresh challenge, sealed with the secret's opening key. */
    KNOCK("Knock"),
    /** Rank 0's answer to a knock: the run's nonce and its time of issue, bound to the worker's challenge. */
    OPENING("Opening"),
    /** In the clear, no body: the sender refused this rank's frames (its header names the sender's secret id). */
    REFUSAL("Refusal");

    private static final FrameKind[] BY_CODE = values();

    private final String label;

    FrameKind(String label) {
        this.label = label;
    }

    /** As in logs: the message's class name, e.g. {@code Orders}. */
    String label() {
        return label;
    }

    byte code() {
        return (byte) (ordinal() + 1);
    }

    /** The kind of {@code code}, or null if there is none (a frame of another format or version). */
    static FrameKind of(byte code) {
        int i = code - 1;
        return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
    }

    static FrameKind of(Message message) {
        if (message instanceof Message.Orders) {
            return ORDERS;
        } else if (message instanceof Message.Reports) {
            return REPORTS;
        } else if (message instanceof Message.Heartbeat) {
            return HEARTBEAT;
        } else if (message instanceof Message.Hello) {
            return HELLO;
        } else if (message instanceof Message.HelloReply) {
            return HELLO_REPLY;
        } else if (message instanceof Message.Finish) {
            return FINISH;
        } else if (message instanceof Message.Abort) {
            return ABORT;
        } else if (message instanceof Message.Left) {
            return LEFT;
        }
        throw new IllegalArgumentException("no frame kind for " + message.getClass().getName());
    }

    /** True for the kinds that carry a {@link Message}. */
    boolean carriesMessage() {
        return this != KNOCK && this != OPENING && this != REFUSAL;
    }
}
