package dev.phasor.cluster.mpj.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** TCP ports free on 127.0.0.1 right now, chosen by the kernel (ServerSocket(0)). */
final class FreePorts {

    private FreePorts() {
    }

    /** {@code n} distinct ports, none in {@code exclude}: all sockets stay open until every port is chosen. */
    static List<Integer> take(int n, Set<Integer> exclude) {
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            while (ports.size() < n) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                if (!exclude.contains(s.getLocalPort())) {
                    ports.add(s.getLocalPort());
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket that accepted nothing does not fail in practice
                }
            }
        }
    }
}
