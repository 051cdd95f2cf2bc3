package dev.phasor.cluster.hosts;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** {@code EchoServer ADDRESS PORT}: answers each connection's first line with that line, for {@link TestHostsTest}. */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 10, InetAddress.getByName(args[0]))) {
            System.out.println("listening on " + server.getLocalSocketAddress());
            while (true) {
                try (Socket s = server.accept();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    out.println(in.readLine());
                }
            }
        }
    }
}
