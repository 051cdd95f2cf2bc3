package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link RankComm} over real TCP connections on 127.0.0.1, for tests that attack a link from outside: each rank
 * listens on a port of its own, and a frame travels on a connection from its sender as the sender's rank, the
 * frame's length and its bytes. Like MPJ's niodev, a receiver believes the rank a connection says it is from;
 * {@link #inject} is an attacker who connects and says so. Every frame a rank sends is also recorded
 * ({@link #sent}), as an eavesdropper on the network would capture it.
 */
final class TcpComm implements RankComm, AutoCloseable {

    private static final int MAX_FRAME = 16 << 20;

    private final int rank;
    private final int size;
    private final ServerSocket server;
    private final int[] ports;
    private final DataOutputStream[] out;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Frame> inbox = new ConcurrentLinkedQueue<>();
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();

    private TcpComm(int rank, int size, int[] ports) throws IOException {
        this.rank = rank;
        this.size = size;
        this.ports = ports;
        this.out = new DataOutputStream[size];
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ports[rank] = server.getLocalPort();
        Thread acceptor = new Thread(this::accept, "tcp-comm-accept-" + rank);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code n} ranks, each listening on a free port of 127.0.0.1. */
    static List<TcpComm> world(int n) throws IOException {
        int[] ports = new int[n];
        List<TcpComm> comms = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            comms.add(new TcpComm(r, n, ports));
        }
        return comms;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every frame this rank sent so far, in order. */
    List<byte[]> sent() {
        return List.copyOf(sent);
    }

    /** An attacker: connects to {@code port} and sends {@code frame} as if it came from rank {@code claimedFrom}. */
    static void inject(int port, int claimedFrom, byte[] frame) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                DataOutputStream o = new DataOutputStream(s.getOutputStream())) {
            write(o, claimedFrom, frame);
        }
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Sending send(int to, byte[] frame) {
        try {
            if (out[to] == null) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), ports[to]);
                sockets.add(s);
                out[to] = new DataOutputStream(s.getOutputStream());
            }
            write(out[to], rank, frame);
            sent.add(frame.clone());
            return () -> true;
        } catch (IOException e) {
            throw new BackendException(e.toString(), e);
        }
    }

    @Override
    public Frame receive() {
        return inbox.poll();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static void write(DataOutputStream o, int from, byte[] frame) throws IOException {
        o.writeInt(from);
        o.writeInt(frame.length);
        o.write(frame);
        o.flush();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread reader = new Thread(() -> read(s), "tcp-comm-read-" + rank);
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void read(Socket s) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()))) {
            while (true) {
                int from = in.readInt();
                int length = in.readInt();
                if (from < 0 || from >= size || length < 0 || length > MAX_FRAME) {
                    return; // not this protocol: drop the connection
                }
                byte[] frame = new byte[length];
                in.readFully(frame);
                inbox.add(new Frame(from, frame));
            }
        } catch (IOException e) {
            // end of the connection
        }
    }
}
