package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.transport.Order;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sealed link attacked from the network: two ranks' links over real TCP connections on 127.0.0.1
 * ({@link TcpComm}), and an attacker who captured rank 0's frames connects to rank 1's port, says it is rank 0,
 * and sends them again, changed, or in the clear. At the link level, with real sockets: a whole niodev job cannot
 * be attacked this way from a test, as MPJ's own wire protocol would have to be spoken to reach a rank.
 */
@Timeout(60)
class MpjSealedLinkOverSocketsTest {

    private static final SharedSecret SECRET = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));

    private static RankLink start(TcpComm comm) {
        return RankLink.start(comm, new LinkGate(comm.rank(), comm.size(), new MessageCodec(), SECRET, r -> "rank " + r));
    }

    /** The first frame of {@code kind} among {@code frames}. */
    private static byte[] first(List<byte[]> frames, FrameKind kind) {
        return frames.stream().filter(f -> FrameHeader.read(f).kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void capturedFramesReplayedChangedOrUnsealedOnARanksPortAreRefusedLoggedAndDeliverNothing() throws Exception {
        List<TcpComm> world = TcpComm.world(2);
        Message first = new Message.Orders(List.of(new Order("first", 1)));
        Message second = new Message.Orders(List.of(new Order("second", 1)));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(new Tee(err, log), true, StandardCharsets.UTF_8));
        try (TcpComm c0 = world.get(0); TcpComm c1 = world.get(1); RankLink zero = start(c0); RankLink one = start(c1)) {
            zero.send(1, first);
            assertEquals(new RankLink.Received(0, first), one.next(10, TimeUnit.SECONDS));
            byte[] captured = first(c0.sent(), FrameKind.ORDERS);
            byte[] changed = captured.clone();
            changed[changed.length - 20] ^= 1;

            TcpComm.inject(c1.port(), 0, captured);
            TcpComm.inject(c1.port(), 0, changed);
            TcpComm.inject(c1.port(), 0, LinkGate.clear(0, 2, new MessageCodec()).encode(1, first));
            TcpComm.inject(c1.port(), 0, first(c0.sent(), FrameKind.OPENING));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!one.stats().contains("4 refused") && System.nanoTime() < deadline) {
                MpjLauncher.pollInterval();
            }
            zero.send(1, second);

            assertEquals(new RankLink.Received(0, second), one.next(10, TimeUnit.SECONDS),
                    "nothing the attacker sent was delivered, and the genuine link goes on");
            assertTrue(one.stats().contains("4 refused"), one.stats());
            assertTrue(one.lostPeers().isEmpty(), "refused frames on an open link do not end it");
        } finally {
            System.setErr(err);
        }
        String said = log.toString(StandardCharsets.UTF_8);
        String prefix = "phasor: rank 1 refused a Orders message from rank 0: ";
        assertTrue(said.contains(prefix + "its sequence number 1 was accepted before (a replay)"), said);
        assertTrue(said.contains(prefix + "its seal is broken (its authentication tag does not match)"), said);
        assertTrue(said.contains(prefix + "it is not sealed, and this rank's is " + SECRET.id() + ": the run with rank 0 is open under this rank's"
                + " secret, so the frame is forged or stray"), said);
        assertTrue(said.contains("phasor: rank 1 refused a Opening message from rank 0: the run was opened before (a"
                + " replay)"), said);
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
