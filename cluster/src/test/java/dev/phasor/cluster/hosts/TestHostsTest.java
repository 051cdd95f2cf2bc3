package dev.phasor.cluster.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The test hosts themselves: names, addresses, isolation, a cut link, and a teardown that leaves nothing. */
@Timeout(120)
class TestHostsTest {

    private static final int ECHO_PORT = 7007;

    @RegisterExtension
    static final TestHosts HOSTS = new TestHosts(2);

    @TempDir
    Path tmp;

    /** bash's /dev/tcp: sends a line to HOST:PORT and prints the answer (no nc or python on a bare Debian). */
    private static List<String> ask(String host, int port, String line) {
        return List.of("timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/" + host + "/" + port + " && echo " + line
                + " >&3 && head -n 1 <&3");
    }

    private Process startEcho(TestHosts.Host host) throws Exception {
        Path log = tmp.resolve("echo-" + host.hostName() + ".log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                EchoServer.class.getName(), host.address(), Integer.toString(ECHO_PORT));
        Process p = HOSTS.start(host, cmd, Map.of(), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("listening")) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, () -> "echo server did not start: " + read(log));
            Thread.sleep(50); // polling with a deadline
        }
        return p;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void hostsHaveTheirOwnNamesAndAddressesAndReachEachOtherButNotTheMachine() throws Exception {
        TestHosts.Host one = HOSTS.host(1);
        TestHosts.Host two = HOSTS.host(2);
        assertEquals("host1\n", HOSTS.run(one, List.of("hostname"), Map.of(), 30).text());
        assertEquals("10.213.0.1", one.address());
        Process echo = startEcho(two);
        assertEquals(two, HOSTS.hostOf(echo.pid()).orElseThrow(), "the PID started is the server's own, on host 2");

        TestHosts.Result byName = HOSTS.run(one, ask("host2", ECHO_PORT, "hello"), Map.of(), 30);
        assertEquals(0, byName.code(), byName::text);
        assertEquals("hello\n", byName.text());
        assertEquals("10.213.0.0/24 dev eth0 proto kernel scope link src 10.213.0.1",
                HOSTS.run(one, List.of("ip", "-4", "route"), Map.of(), 30).text().strip(), "no route leaves the test range");

        try (ServerSocket machine = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TestHosts.Result toMachine = HOSTS.run(one, ask("127.0.0.1", machine.getLocalPort(), "x"), Map.of(), 30);
            assertNotEquals(0, toMachine.code(), "127.0.0.1 on a host is the host's own loopback: " + toMachine.text());
        }
        assertEquals(Optional.empty(), HOSTS.hostOf(ProcessHandle.current().pid()), "this JVM is on no test host");
    }

    @Test
    void aDisconnectedHostIsUnreachableUntilReconnected() throws Exception {
        TestHosts.Host one = HOSTS.host(1);
        TestHosts.Host two = HOSTS.host(2);
        startEcho(two);
        assertEquals("a\n", HOSTS.run(one, ask(two.address(), ECHO_PORT, "a"), Map.of(), 30).text());

        HOSTS.disconnect(two);
        TestHosts.Result cut = HOSTS.run(one, ask(two.address(), ECHO_PORT, "b"), Map.of(), 30);
        assertNotEquals(0, cut.code(), cut::text);

        HOSTS.reconnect(two);
        TestHosts.Result back = HOSTS.run(one, ask(two.address(), ECHO_PORT, "c"), Map.of(), 30);
        assertEquals("c\n", back.text());
    }

    @Test
    void closeStopsEveryProcessOnTheHostsAndDeletesTheirNamespaces() throws Exception {
        TestHosts own = new TestHosts(1);
        own.create();
        TestHosts.Host host = own.host(1);
        Process started;
        long detached;
        try {
            started = own.start(host, List.of("sleep", "300"), Map.of(), tmp.resolve("sleep.log"));
            // A child that outlives its parent, like a daemon: found through its network namespace.
            TestHosts.Result r = own.run(host, List.of("sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!"), Map.of(), 30);
            detached = Long.parseLong(r.text().strip());
            assertTrue(ProcessHandle.of(detached).isPresent(), "the detached sleep runs");
        } finally {
            own.close();
        }
        assertFalse(started.isAlive(), "the started process was stopped");
        assertTrue(ProcessHandle.of(detached).map(p -> !p.isAlive()).orElse(true), "the detached process was stopped");
        TestHosts.Result list = new TestHosts.Result(0, new String(new ProcessBuilder("ip", "netns", "list")
                .redirectErrorStream(true).start().getInputStream().readAllBytes()));
        assertFalse(list.text().contains(host.namespace()), list.text());
        assertFalse(Files.exists(Path.of("/etc/netns", host.namespace())), "its /etc/netns entry is gone");
    }
}
