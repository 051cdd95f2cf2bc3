package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.cluster.secret.FreshnessGuard;
import dev.phasor.cluster.secret.ReplayGuard;
import dev.phasor.cluster.secret.SealBrokenException;
import dev.phasor.cluster.secret.MessageKeys;
import dev.phasor.cluster.secret.SharedSecret;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What a rank's {@link RankLink} puts on the wire and what it lets in: every frame is a clear {@link FrameHeader}
 * and a body, the {@link Message} as Kryo bytes.
 *
 * <p>Without a secret the body travels as it is, and a sealed frame is refused (this rank cannot check it). With
 * one, every body is followed by an HMAC-SHA256 tag over header and body (as Hazelcast's messages are: ranks
 * carry no results, so nothing needs encrypting; decision record 0010) and a run is opened per worker before any
 * message goes either way: the worker knocks with a fresh random challenge, sealed with the secret's opening key;
 * rank 0 answers with the run's random nonce and its time of issue, sealed with the same key and bound to that
 * challenge; from then on both seal with the run's key (derived from the secret and the nonce) and number their
 * frames, each number accepted once per direction. A captured frame therefore opens in no other job (another run
 * key), nor twice in this one (its number), and an old opening is of no use to a new rank (another challenge).
 *
 * <p>A frame that fails any check is refused before its body is read. Before the link with its sender is open,
 * a refusal is fatal for that link (the ranks do not share a secret: {@link Refused#fatal}) and the sender is told
 * with a clear {@link FrameKind#REFUSAL}, so that both sides stop at once; once open, a refused frame is forged,
 * changed or replayed, and is dropped. Not thread-safe: the link's thread alone uses it.
 */
final class LinkGate {

    /** A frame the link sends on its own (a worker's knock). */
    record Outbound(int to, byte[] frame) {
    }

    /** What became of a received frame. */
    sealed interface Inbound {
    }

    /** A message for this rank. */
    record Accepted(Message message) implements Inbound {
    }

    /** The link with the sender is open: what was held for it may go, after {@code reply} (rank 0's opening) if any. */
    record Opened(byte[] reply) implements Inbound {
    }

    /**
     * A refused frame.
     *
     * @param why the log line: {@code rank R refused a <Kind> message from rank S (host H): <why>}
     * @param fatal true when the link with the sender was not open: it never will be, the sender cannot take part
     * @param answer a {@link FrameKind#REFUSAL} to send back, or null
     */
    record Refused(String why, boolean fatal, byte[] answer) implements Inbound {
    }

    static final int CHALLENGE_BYTES = 16;
    static final int NONCE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SAME_SECRET = "give every rank the same --secret-file (or " + SharedSecret.ENV + ")";

    private final int rank;
    private final MessageCodec codec;
    private final SharedSecret secret;
    private final IntFunction<String> names;
    private final long[] lastSeq;
    private final ReplayGuard[] seen;
    private final boolean[] open;
    private final FreshnessGuard fresh = new FreshnessGuard();
    private long runId;
    private MessageKeys runKeys;
    /** Rank 0: the run's nonce. */
    private byte[] runNonce;
    /** A worker: the challenge it knocked with. */
    private byte[] challenge;

    /**
     * @param secret null for a link in the clear
     * @param names a rank as logs name it, e.g. {@code rank 1 (host node2)}
     */
    LinkGate(int rank, int size, MessageCodec codec, SharedSecret secret, IntFunction<String> names) {
        this.rank = rank;
        this.codec = codec;
        this.secret = secret;
        this.names = names;
        this.lastSeq = new long[size];
        this.seen = new ReplayGuard[size];
        this.open = new boolean[size];
        for (int r = 0; r < size; r++) {
            seen[r] = new ReplayGuard();
        }
        if (secret != null && rank == 0) {
            runNonce = random(NONCE_BYTES);
            do {
                runId = RANDOM.nextLong();
            } while (runId == 0);
            runKeys = secret.runKeys(runNonce);
        }
    }

    /** A link in the clear, ranks named by number. */
    static LinkGate clear(int rank, int size, MessageCodec codec) {
        return new LinkGate(rank, size, codec, null, r -> "rank " + r);
    }

    /** The id of the secret this link seals with, or null. */
    String secretId() {
        return secret == null ? null : secret.id();
    }

    /** The run this link belongs to, as logs show it (after its opening), or null without a secret. */
    String run() {
        return secret == null || runKeys == null ? null : FrameHeader.run(runId);
    }

    /** Frames to send as soon as the link starts: with a secret, a worker's knock at rank 0. */
    List<Outbound> start() {
        if (secret == null || rank == 0) {
            return List.of();
        }
        challenge = random(CHALLENGE_BYTES);
        FrameHeader h = new FrameHeader(FrameKind.KNOCK, true, rank, 0, 0, 0, secret.id());
        return List.of(new Outbound(0, seal(h, secret.openingKeys(), challenge, h.bytes())));
    }

    /** True once messages may go to {@code peer}: always without a secret, else once the run is open with it. */
    boolean isOpen(int peer) {
        return secret == null || open[peer];
    }

    /** {@code message} as a frame for rank {@code to}, numbered, and sealed with the run's key if there is a secret. */
    byte[] encode(int to, Message message) {
        FrameKind kind = FrameKind.of(message);
        byte[] body = codec.encode(message);
        long seq = ++lastSeq[to]; // 0 is the knock's and the opening's
        if (secret == null) {
            return new FrameHeader(kind, false, rank, to, 0, seq, null).frame(body);
        }
        if (!open[to]) {
            throw new IllegalStateException("rank " + rank + " has no open run with rank " + to + " to seal a " + kind.label()
                    + " for");
        }
        FrameHeader h = new FrameHeader(kind, true, rank, to, runId, seq, secret.id());
        return seal(h, runKeys, body, h.bytes());
    }

    /**
     * What to do with a frame MPJ says came from rank {@code from}.
     *
     * @throws BackendException without a secret, for bytes that are not a frame at all (as before there were
     *     secrets: the ranks run different Phasor versions)
     */
    Inbound admit(int from, byte[] frame) {
        FrameHeader h = FrameHeader.read(frame);
        if (h == null) {
            if (secret == null) {
                throw new BackendException("cannot decode a message from rank " + from + " (not a Phasor frame of this"
                        + " version); do all ranks run the same Phasor jars?");
            }
            return refuse(null, from, "it is not a Phasor frame of this version (do all ranks run the same Phasor jars?)");
        }
        if (h.kind() == FrameKind.REFUSAL) {
            return refusedBy(from, h);
        }
        return secret == null ? admitClear(from, h, frame) : admitSealed(from, h, frame);
    }

    private Inbound admitClear(int from, FrameHeader h, byte[] frame) {
        if (h.sealed()) {
            return refuse(h.kind(), from, "it is sealed with secret " + h.secretId() + ", and this rank has no secret: "
                    + advice(from));
        }
        if (!h.kind().carriesMessage()) {
            return refuse(h.kind(), from, "a " + h.kind().label() + " is never sent in the clear");
        }
        return accept(from, h, FrameHeader.body(frame));
    }

    private Inbound admitSealed(int from, FrameHeader h, byte[] frame) {
        if (!h.sealed()) {
            return refuse(h.kind(), from, "it is not sealed" + (open[from] ? "" : ": " + names.apply(from) + " has no secret")
                    + ", and this rank's is " + secret.id() + ": " + advice(from));
        }
        if (!secret.id().equals(h.secretId())) {
            return refuse(h.kind(), from, "it is sealed with secret " + h.secretId() + ", and this rank's is "
                    + secret.id() + ": " + advice(from));
        }
        if (h.from() != from || h.to() != rank) {
            return refuse(h.kind(), from, "its header says it goes from rank " + h.from() + " to rank " + h.to());
        }
        byte[] sealed = FrameHeader.body(frame);
        byte[] header = Arrays.copyOf(frame, FrameHeader.SIZE);
        if (h.kind() == FrameKind.KNOCK) {
            return knocked(from, h, sealed, header);
        }
        if (h.kind() == FrameKind.OPENING) {
            return opened(from, h, sealed, header);
        }
        return unseal(from, h, sealed, header);
    }

    /** Rank 0: a worker knocks; it is answered with the run's opening, bound to its challenge. */
    private Inbound knocked(int from, FrameHeader h, byte[] sealed, byte[] header) {
        if (rank != 0) {
            return refuse(h.kind(), from, "only rank 0 opens runs");
        }
        if (open[from]) {
            return refuse(h.kind(), from, "rank " + from + " knocked before (a replay)");
        }
        byte[] theirs;
        try {
            theirs = open(secret.openingKeys(), sealed, header);
        } catch (SealBrokenException e) {
            return refuse(h.kind(), from, broken(e));
        }
        if (theirs.length != CHALLENGE_BYTES) {
            return refuse(h.kind(), from, "its challenge is " + theirs.length + " bytes, not " + CHALLENGE_BYTES);
        }
        open[from] = true;
        FrameHeader o = new FrameHeader(FrameKind.OPENING, true, 0, from, runId, 0, secret.id());
        byte[] payload = ByteBuffer.allocate(NONCE_BYTES + Long.BYTES).put(runNonce).putLong(System.currentTimeMillis())
                .array();
        return new Opened(seal(o, secret.openingKeys(), payload, concat(o.bytes(), theirs)));
    }

    /** A worker: rank 0's answer to its knock, which gives the run's key. */
    private Inbound opened(int from, FrameHeader h, byte[] sealed, byte[] header) {
        if (rank == 0 || from != 0) {
            return refuse(h.kind(), from, "only rank 0 opens runs");
        }
        if (open[0]) {
            return refuse(h.kind(), from, "the run was opened before (a replay)");
        }
        byte[] payload;
        try {
            payload = open(secret.openingKeys(), sealed, concat(header, challenge));
        } catch (SealBrokenException e) {
            return refuse(h.kind(), from, broken(e) + ", or it answers another knock than this rank's (a replay)");
        }
        if (payload.length != NONCE_BYTES + Long.BYTES) {
            return refuse(h.kind(), from, "its payload is " + payload.length + " bytes, not " + (NONCE_BYTES + Long.BYTES));
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        String stale = fresh.accept(HexFormat.of().formatHex(nonce), in.getLong(), System.currentTimeMillis());
        if (stale != null) {
            return refuse(h.kind(), from, "it opens run " + FrameHeader.run(h.runId()) + ", but " + stale);
        }
        runId = h.runId();
        runKeys = secret.runKeys(nonce);
        open[0] = true;
        return new Opened(null);
    }

    /** A message under the run's key, each number once. */
    private Inbound unseal(int from, FrameHeader h, byte[] sealed, byte[] header) {
        if (!open[from]) {
            return refuse(h.kind(), from, "it came before the run was opened with rank " + from);
        }
        if (h.runId() != runId) {
            return refuse(h.kind(), from, "it belongs to run " + FrameHeader.run(h.runId()) + ", and this one is "
                    + FrameHeader.run(runId) + " (a replay from another job?)");
        }
        byte[] body;
        try {
            body = open(runKeys, sealed, header);
        } catch (SealBrokenException e) {
            return refuse(h.kind(), from, broken(e));
        }
        if (!seen[from].accept(h.seq())) {
            return refuse(h.kind(), from, "its sequence number " + h.seq() + " was accepted before (a replay)");
        }
        return accept(from, h, body);
    }

    private Inbound accept(int from, FrameHeader h, byte[] body) {
        Message message = codec.decode(body, from);
        if (FrameKind.of(message) != h.kind()) {
            return refuse(h.kind(), from, "it holds a " + FrameKind.of(message).label());
        }
        open[from] = true; // without a secret: the peer is known to speak this format
        return new Accepted(message);
    }

    /** The sender refused this rank's frames: before the link is open, neither side can take part with the other. */
    private Inbound refusedBy(int from, FrameHeader h) {
        if (open[from]) {
            return new Refused("rank " + rank + " ignored a Refusal from " + names.apply(from) + ": the run with it is open"
                    + " (a forged or stray refusal)", false, null);
        }
        String ours = secret == null ? null : secret.id();
        String why = Objects.equals(h.secretId(), ours)
                ? "it has the same secret (" + ours + "), so a frame was changed on the way or forged"
                : (h.secretId() == null ? "it has no secret" : "its secret is " + h.secretId()) + ", and this rank"
                        + (ours == null ? " has none" : "'s is " + ours) + ": " + SAME_SECRET;
        return new Refused(names.apply(from) + " refused the frames of rank " + rank + ": " + why, true, null);
    }

    private Inbound refuse(FrameKind kind, int from, String why) {
        String line = "rank " + rank + " refused " + (kind == null ? "a frame" : "a " + kind.label() + " message")
                + " from " + names.apply(from) + ": " + why;
        if (open[from]) {
            return new Refused(line, false, null);
        }
        FrameHeader refusal = new FrameHeader(FrameKind.REFUSAL, false, rank, from, 0, 0, secretId());
        return new Refused(line, true, refusal.frame(new byte[0]));
    }

    /** What to do about a frame under another secret (or none): before the run is open, a mistake in the setup. */
    private String advice(int from) {
        return open[from] ? "the run with " + names.apply(from) + " is open under this rank's secret, so the frame is"
                + " forged or stray" : SAME_SECRET;
    }

    private static String broken(SealBrokenException e) {
        return "its seal is broken (" + e.getMessage() + "): it was changed on the way or forged";
    }

    /** The frame: its header, its body, and the HMAC-SHA256 tag over both (and {@code associated}'s rest). */
    private static byte[] seal(FrameHeader h, MessageKeys keys, byte[] body, byte[] associated) {
        byte[] tagged = Arrays.copyOf(body, body.length + MessageKeys.TAG_BYTES);
        System.arraycopy(keys.tag(associated, body), 0, tagged, body.length, MessageKeys.TAG_BYTES);
        return h.frame(tagged);
    }

    /** A sealed body without its tag, once the tag is checked. */
    private static byte[] open(MessageKeys keys, byte[] sealed, byte[] associated) throws SealBrokenException {
        if (sealed.length < MessageKeys.TAG_BYTES) {
            throw new SealBrokenException("it is too short to carry a tag");
        }
        byte[] body = Arrays.copyOf(sealed, sealed.length - MessageKeys.TAG_BYTES);
        keys.verify(associated, body, Arrays.copyOfRange(sealed, body.length, sealed.length));
        return body;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
