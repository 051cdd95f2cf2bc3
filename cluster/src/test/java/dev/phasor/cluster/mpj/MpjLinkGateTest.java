package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.BackendException;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.transport.Order;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frames of a rank's link: sealing, the run's opening, and every refusal, between two gates in memory. */
class MpjLinkGateTest {

    private static final SharedSecret A = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
    private static final SharedSecret B = SharedSecret.of("another secret of twenty".getBytes(StandardCharsets.US_ASCII));
    private static final String SAME = "give every rank the same --secret-file (or PHASOR_SECRET_FILE)";
    private static final Message ORDERS = new Message.Orders(List.of(new Order("step-named-in-secret", 1)));

    private final MessageCodec codec = new MessageCodec();

    private LinkGate gate(int rank, SharedSecret secret) {
        return new LinkGate(rank, 2, codec, secret, r -> "rank " + r + " (host h" + r + ")");
    }

    /** Rank 1 knocks, rank 0 answers with the opening: both are open afterwards. */
    private static void open(LinkGate zero, LinkGate one) {
        LinkGate.Outbound knock = one.start().get(0);
        assertEquals(0, knock.to());
        LinkGate.Opened opened = assertInstanceOf(LinkGate.Opened.class, zero.admit(1, knock.frame()));
        assertInstanceOf(LinkGate.Opened.class, one.admit(0, opened.reply()));
    }

    private static byte[] flip(byte[] frame, int at) {
        byte[] changed = frame.clone();
        changed[at] ^= 1;
        return changed;
    }

    @Test
    void sealedMessagesGoBothWaysOnlyOnceTheRunIsOpenAndTheirBodiesAreEncrypted() {
        LinkGate zero = gate(0, A);
        LinkGate one = gate(1, A);
        assertTrue(zero.start().isEmpty(), "rank 0 waits for knocks");
        assertFalse(zero.isOpen(1));
        assertThrows(IllegalStateException.class, () -> zero.encode(1, ORDERS), "nothing is sealed before the opening");

        open(zero, one);

        assertTrue(zero.isOpen(1) && one.isOpen(0));
        assertEquals(zero.run(), one.run(), "both sides hold the same run");
        byte[] frame = zero.encode(1, ORDERS);
        assertFalse(new String(frame, StandardCharsets.ISO_8859_1).contains("step-named-in-secret"), "encrypted");
        assertEquals(new LinkGate.Accepted(ORDERS), one.admit(0, frame));
        Message left = new Message.Left("bye", 0);
        assertEquals(new LinkGate.Accepted(left), zero.admit(1, one.encode(0, left)));
    }

    @Test
    void aReplayedChangedOrUnsealedFrameOnAnOpenLinkIsRefusedNamingItsSenderAndDropped() {
        LinkGate zero = gate(0, A);
        LinkGate one = gate(1, A);
        open(zero, one);
        byte[] frame = zero.encode(1, ORDERS);
        assertInstanceOf(LinkGate.Accepted.class, one.admit(0, frame));

        LinkGate.Refused replay = assertInstanceOf(LinkGate.Refused.class, one.admit(0, frame));
        assertEquals("rank 1 refused a Orders message from rank 0 (host h0): its sequence number 1 was accepted before"
                + " (a replay)", replay.why());
        assertFalse(replay.fatal(), "the run goes on: the frame is dropped");
        assertNull(replay.answer());

        byte[] next = zero.encode(1, ORDERS);
        LinkGate.Refused body = assertInstanceOf(LinkGate.Refused.class, one.admit(0, flip(next, next.length - 1)));
        assertTrue(body.why().endsWith("its seal is broken (its authentication tag does not match): it was changed on"
                + " the way or forged"), body.why());
        LinkGate.Refused header = assertInstanceOf(LinkGate.Refused.class, one.admit(0, flip(next, 29))); // seq's last byte
        assertTrue(header.why().contains("its seal is broken"), "the header is bound to the body: " + header.why());
        assertEquals(new LinkGate.Accepted(ORDERS), one.admit(0, next), "the genuine frame still opens");

        byte[] clear = LinkGate.clear(0, 2, codec).encode(1, ORDERS);
        LinkGate.Refused unsealed = assertInstanceOf(LinkGate.Refused.class, one.admit(0, clear));
        assertEquals("rank 1 refused a Orders message from rank 0 (host h0): it is not sealed, and this rank's is "
                + A.id() + ": the run with rank 0 (host h0) is open under this rank's secret, so the frame is forged or"
                + " stray", unsealed.why());
        assertFalse(unsealed.fatal());
    }

    @Test
    void aFrameOfAnotherJobOpensInNoOtherRun() {
        LinkGate zero = gate(0, A);
        LinkGate one = gate(1, A);
        open(zero, one);
        byte[] captured = zero.encode(1, ORDERS);
        LinkGate laterZero = gate(0, A);
        LinkGate laterOne = gate(1, A);
        open(laterZero, laterOne);

        LinkGate.Refused r = assertInstanceOf(LinkGate.Refused.class, laterOne.admit(0, captured));

        assertEquals("rank 1 refused a Orders message from rank 0 (host h0): it belongs to run " + zero.run()
                + ", and this one is " + laterZero.run() + " (a replay from another job?)", r.why());
    }

    @Test
    void anOpeningReplayedToANewRankIsRefusedAsItAnswersAnotherKnock() {
        LinkGate zero = gate(0, A);
        LinkGate one = gate(1, A);
        LinkGate.Opened captured = assertInstanceOf(LinkGate.Opened.class, zero.admit(1, one.start().get(0).frame()));
        LinkGate newRank = gate(1, A);
        newRank.start(); // its own challenge

        LinkGate.Refused r = assertInstanceOf(LinkGate.Refused.class, newRank.admit(0, captured.reply()));

        assertTrue(r.why().startsWith("rank 1 refused a Opening message from rank 0 (host h0): its seal is broken"), r.why());
        assertTrue(r.why().endsWith("or it answers another knock than this rank's (a replay)"), r.why());
        assertTrue(r.fatal(), "a rank that cannot open its run cannot take part");
        assertFalse(newRank.isOpen(0));
        LinkGate.Refused again = assertInstanceOf(LinkGate.Refused.class, zero.admit(1, one.start().get(0).frame()));
        assertTrue(again.why().endsWith("rank 1 knocked before (a replay)"), again.why());
    }

    @Test
    void ranksWithDifferentSecretsRefuseEachOtherAtOnceNamingBothSecretIds() {
        LinkGate zero = gate(0, A);
        LinkGate one = gate(1, B);

        LinkGate.Refused atZero = assertInstanceOf(LinkGate.Refused.class, zero.admit(1, one.start().get(0).frame()));

        assertEquals("rank 0 refused a Knock message from rank 1 (host h1): it is sealed with secret " + B.id()
                + ", and this rank's is " + A.id() + ": " + SAME, atZero.why());
        assertTrue(atZero.fatal());
        assertNotNull(atZero.answer(), "rank 1 is told, so that it stops at once too");
        LinkGate.Refused atOne = assertInstanceOf(LinkGate.Refused.class, one.admit(0, atZero.answer()));
        assertEquals("rank 0 (host h0) refused the frames of rank 1: its secret is " + A.id() + ", and this rank's is "
                + B.id() + ": " + SAME, atOne.why());
        assertTrue(atOne.fatal());
        assertNull(atOne.answer(), "a refusal is not answered");
    }

    @Test
    void aRankWithoutASecretAndOneWithOneRefuseEachOtherWhicheverIsRankZero() {
        LinkGate sealedZero = gate(0, A);
        LinkGate clearOne = gate(1, null);
        assertTrue(clearOne.start().isEmpty());
        LinkGate.Refused atZero = assertInstanceOf(LinkGate.Refused.class,
                sealedZero.admit(1, clearOne.encode(0, new Message.Heartbeat())));
        assertEquals("rank 0 refused a Heartbeat message from rank 1 (host h1): it is not sealed: rank 1 (host h1) has no"
                + " secret, and this rank's is " + A.id() + ": " + SAME, atZero.why());
        assertTrue(atZero.fatal());
        LinkGate.Refused atOne = assertInstanceOf(LinkGate.Refused.class, clearOne.admit(0, atZero.answer()));
        assertEquals("rank 0 (host h0) refused the frames of rank 1: its secret is " + A.id() + ", and this rank has"
                + " none: " + SAME, atOne.why());

        LinkGate clearZero = gate(0, null);
        LinkGate sealedOne = gate(1, A);
        LinkGate.Refused knock = assertInstanceOf(LinkGate.Refused.class,
                clearZero.admit(1, sealedOne.start().get(0).frame()));
        assertEquals("rank 0 refused a Knock message from rank 1 (host h1): it is sealed with secret " + A.id()
                + ", and this rank has no secret: " + SAME, knock.why());
        assertTrue(knock.fatal());
        LinkGate.Refused told = assertInstanceOf(LinkGate.Refused.class, sealedOne.admit(0, knock.answer()));
        assertEquals("rank 0 (host h0) refused the frames of rank 1: it has no secret, and this rank's is " + A.id()
                + ": " + SAME, told.why());
        LinkGate.Refused heartbeat = assertInstanceOf(LinkGate.Refused.class,
                gate(1, A).admit(0, clearZero.encode(1, new Message.Heartbeat())));
        assertTrue(heartbeat.fatal() && heartbeat.why().contains("it is not sealed"), heartbeat.why());
    }

    @Test
    void withoutASecretFramesTravelInTheClearAndForeignBytesFailAsBefore() {
        LinkGate zero = LinkGate.clear(0, 2, codec);
        LinkGate one = LinkGate.clear(1, 2, codec);
        assertTrue(zero.isOpen(1) && one.isOpen(0), "nothing to open");
        assertNull(one.secretId());

        assertEquals(new LinkGate.Accepted(ORDERS), one.admit(0, zero.encode(1, ORDERS)));
        assertEquals(new LinkGate.Accepted(ORDERS), one.admit(0, zero.encode(1, ORDERS)), "no replay check: no secret");
        BackendException e = assertThrows(BackendException.class, () -> one.admit(0, new byte[] {9, 9, 9, 9}));
        assertTrue(e.getMessage().startsWith("cannot decode a message from rank 0"), e.getMessage());
    }

    @Test
    void withASecretBytesThatAreNoFrameAreRefusedNotRead() {
        LinkGate zero = gate(0, A);
        LinkGate.Refused r = assertInstanceOf(LinkGate.Refused.class, zero.admit(1, new byte[] {9, 9, 9, 9}));
        assertEquals("rank 0 refused a frame from rank 1 (host h1): it is not a Phasor frame of this version (do all"
                + " ranks run the same Phasor jars?)", r.why());
        assertTrue(r.fatal(), "before its knock, rank 1 cannot take part");
    }
}
