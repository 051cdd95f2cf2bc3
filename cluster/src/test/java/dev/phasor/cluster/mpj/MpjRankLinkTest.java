package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MpjRankLinkTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void deliversMessagesButNotHeartbeatsAndKeepsAQuietPeerAlive() throws Exception {
        LoopbackComm.World world = new LoopbackComm.World(2);
        try (RankLink zero = RankLink.start(world.comm(0), codec); RankLink one = RankLink.start(world.comm(1), codec)) {
            zero.lostAfter(300);
            one.lostAfter(300);
            zero.send(1, new Message.Orders(List.of(new Order("a", 1))));
            RankLink.Event got = one.next(5, TimeUnit.SECONDS);
            assertEquals(new RankLink.Received(0, new Message.Orders(List.of(new Order("a", 1)))), got);
            // Three limits of silence at the application level: heartbeats alone keep both alive.
            assertNull(zero.next(900, TimeUnit.MILLISECONDS));
            assertNull(one.next(10, TimeUnit.MILLISECONDS));
            assertTrue(zero.lostPeers().isEmpty());
        }
    }

    @Test
    void aSilentPeerIsLostOnceWithinTheLimit() throws Exception {
        LoopbackComm.World world = new LoopbackComm.World(3);
        try (RankLink zero = RankLink.start(world.comm(0), codec); RankLink one = RankLink.start(world.comm(1), codec);
                RankLink two = RankLink.start(world.comm(2), codec)) {
            zero.lostAfter(300);
            one.lostAfter(300); // its heartbeats come often enough for rank 0's limit
            two.send(0, new Message.Left("rank 2 was here", 0));
            assertEquals(new RankLink.Received(2, new Message.Left("rank 2 was here", 0)), zero.next(5, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            world.kill(2, false);
            RankLink.Event event = zero.next(5, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            RankLink.PeerLost lost = assertInstanceOf(RankLink.PeerLost.class, event);
            assertEquals(2, lost.rank());
            assertTrue(lost.why().startsWith("rank 2 has been silent for 0."), lost.why());
            assertTrue(seconds < 2, "lost after " + seconds + " s");
            assertEquals(Set.of(2), zero.lostPeers());
            assertNull(zero.next(700, TimeUnit.MILLISECONDS), "rank 1 still answers; rank 2 is reported once");
        }
    }

    @Test
    void aFailedSendLosesThePeerAtOnce() throws Exception {
        LoopbackComm.World world = new LoopbackComm.World(2);
        try (RankLink zero = RankLink.start(world.comm(0), codec)) {
            world.kill(1, true);
            zero.send(1, new Message.Finish(new int[0]));
            RankLink.PeerLost lost = assertInstanceOf(RankLink.PeerLost.class, zero.next(5, TimeUnit.SECONDS));
            assertEquals("rank 0 lost its connection to rank 1 (ClosedChannelException): a rank of the job died or was"
                    + " killed (MPJ's niodev device then drops every connection), or the network failed", lost.why());
        }
    }

    @Test
    void aThreadStuckInMpiIsReportedByTheWatchdog() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RankComm stuck = new RankComm() {
            @Override
            public int rank() {
                return 1;
            }

            @Override
            public int size() {
                return 2;
            }

            @Override
            public Sending send(int to, byte[] frame) {
                return () -> true;
            }

            @Override
            public Frame receive() {
                try {
                    release.await(); // like an MPJ call that never returns
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }
        };
        RankLink link = RankLink.start(stuck, codec);
        try {
            link.lostAfter(200);
            RankLink.Event event = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (event == null && System.nanoTime() < deadline) {
                event = link.next(100, TimeUnit.MILLISECONDS);
            }
            RankLink.Broken broken = assertInstanceOf(RankLink.Broken.class, event);
            assertTrue(broken.why().startsWith("MPJ Express has not returned from receiving for"), broken.why());
        } finally {
            release.countDown();
            link.close();
        }
        assertTrue(!link.closedCleanly(), "a link that got stuck must not be trusted with MPI.Finalize");
    }

    @Test
    void reportsForTheSameRankMergeIntoOneFrameButOrdersStayOneBatchEach() {
        Message a = new Message.Orders(List.of(new Order("a", 1)));
        Message b = new Message.Orders(List.of(new Order("b", 1)));
        assertNull(RankLink.merge(a, b), "a worker reports each orders message back as one batch");
        Message.Reports r1 = new Message.Reports(List.of(report("a")));
        Message.Reports r2 = new Message.Reports(List.of(report("b")));
        assertEquals(new Message.Reports(List.of(report("a"), report("b"))), RankLink.merge(r1, r2));
        assertNull(RankLink.merge(r1, new Message.Finish(new int[0])), "a finish must stay after the reports");
        assertNull(RankLink.merge(new Message.Reports(List.of()), a));
    }

    @Test
    void reportsSentSoonWaitForTheLingerOrTheNextMessageAndKeepTheirOrder() throws Exception {
        LoopbackComm.World world = new LoopbackComm.World(2);
        try (RankLink zero = RankLink.start(world.comm(0), codec); RankLink one = RankLink.start(world.comm(1), codec)) {
            long t0 = System.nanoTime();
            one.sendSoon(0, new Message.Reports(List.of(report("a"))), TimeUnit.MILLISECONDS.toNanos(200));
            one.sendSoon(0, new Message.Reports(List.of(report("b"))), TimeUnit.MILLISECONDS.toNanos(200));
            assertNull(zero.next(100, TimeUnit.MILLISECONDS), "held back for the linger");
            assertEquals(new RankLink.Received(1, new Message.Reports(List.of(report("a"), report("b")))),
                    zero.next(5, TimeUnit.SECONDS), "one frame once the linger is over");
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200));

            one.sendSoon(0, new Message.Reports(List.of(report("c"))), TimeUnit.SECONDS.toNanos(20));
            one.send(0, new Message.Reports(List.of(report("d"))));
            assertEquals(new RankLink.Received(1, new Message.Reports(List.of(report("c"), report("d")))),
                    zero.next(5, TimeUnit.SECONDS), "a message sent at once takes what is held with it, first");
            one.sendSoon(0, new Message.Reports(List.of(report("e"))), TimeUnit.SECONDS.toNanos(20));
            one.send(0, new Message.Left("bye", 0));
            assertEquals(new RankLink.Received(1, new Message.Reports(List.of(report("e")))), zero.next(5, TimeUnit.SECONDS));
            assertEquals(new RankLink.Received(1, new Message.Left("bye", 0)), zero.next(5, TimeUnit.SECONDS));
        }
    }

    private static RankLink sealed(LoopbackComm comm, String secret) {
        return RankLink.start(comm, new LinkGate(comm.rank(), comm.size(), new MessageCodec(),
                SharedSecret.of(secret.getBytes(StandardCharsets.US_ASCII)), r -> "rank " + r));
    }

    @Test
    void aSealedLinkOpensItsRunFirstThenDeliversWhatWasSentMeanwhileAndHeartbeatsKeepPeersAlive() throws Exception {
        LoopbackComm.World world = new LoopbackComm.World(2);
        Message orders = new Message.Orders(List.of(new Order("a", 1)));
        try (RankLink zero = sealed(world.comm(0), "0123456789abcdef0123")) {
            zero.send(1, orders); // before rank 1 has knocked: held until its run is open
            try (RankLink one = sealed(world.comm(1), "0123456789abcdef0123")) {
                assertEquals(new RankLink.Received(0, orders), one.next(5, TimeUnit.SECONDS));
                one.send(0, new Message.Left("bye", 0));
                assertEquals(new RankLink.Received(1, new Message.Left("bye", 0)), zero.next(5, TimeUnit.SECONDS));
                zero.lostAfter(300);
                one.lostAfter(300);
                assertNull(zero.next(900, TimeUnit.MILLISECONDS), "sealed heartbeats keep both alive");
                assertNull(one.next(10, TimeUnit.MILLISECONDS));
                assertTrue(zero.lostPeers().isEmpty() && one.lostPeers().isEmpty());
                assertFalse(zero.stats().contains("refused"), zero.stats());
            }
        }
    }

    @Test
    void ranksWithAnotherSecretAreRefusedOnBothSidesAtOnceNotAfterTheSilenceLimit() throws Exception {
        LoopbackComm.World world = new LoopbackComm.World(2);
        try (RankLink zero = sealed(world.comm(0), "0123456789abcdef0123");
                RankLink one = sealed(world.comm(1), "another secret of twenty")) {
            long t0 = System.nanoTime();
            RankLink.Refused atZero = assertInstanceOf(RankLink.Refused.class, zero.next(5, TimeUnit.SECONDS));
            RankLink.Refused atOne = assertInstanceOf(RankLink.Refused.class, one.next(5, TimeUnit.SECONDS));
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertEquals(1, atZero.rank());
            assertTrue(atZero.why().startsWith("rank 0 refused a Knock message from rank 1: it is sealed with secret "),
                    atZero.why());
            assertEquals(0, atOne.rank());
            assertTrue(atOne.why().startsWith("rank 0 refused the frames of rank 1: its secret is "), atOne.why());
            assertTrue(seconds < 2, "refused after " + seconds + " s; the silence limit is 30 s");
            assertEquals(Set.of(1), zero.lostPeers(), "never spoken to again");
            assertEquals(Set.of(0), one.lostPeers());
        }
    }

    /** A report without status bytes (arrays would make equal reports unequal): the link does not read them. */
    private static Report report(String step) {
        return new Report(step, 1, true, 1_000_000, null, null);
    }
}
