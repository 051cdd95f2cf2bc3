package dev.phasor.cluster.hosts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * N test hosts on this machine, each a network namespace with its own address in 10.213.0.0/24, its own
 * host name (a UTS namespace per process, and {@code /etc/netns/NS/hosts} naming every host) and loopback
 * up; their {@code eth0} links meet on a bridge inside one more namespace (the switch), so nothing is
 * added to the machine's own network and nothing outside the machine can be addressed (no route leaves
 * the test range). The file system is the machine's, shared by every host, as a cluster's shared storage.
 *
 * <p>{@code @RegisterExtension static final TestHosts HOSTS = new TestHosts(3);} builds them before the
 * class (skipping it, with the reason, where namespaces cannot be made: not root, no CAP_NET_ADMIN, no
 * {@code ip}); after each test every process started on a host is stopped and every link is up again;
 * after the class the namespaces, links, bridge and {@code /etc/netns} entries are deleted. Processes are
 * stopped by PID: those started here with their descendants, then any process still inside one of the
 * hosts' namespaces (e.g. a daemon that detached itself), found through {@code /proc/PID/ns/net}.
 */
public final class TestHosts implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** The test range: host i (from 1) has 10.213.0.i. */
    public static final String SUBNET = "10.213.0";
    private static final String PREFIX = "phx";
    /** Namespace names: PREFIX, the test JVM's PID, the fixture's number in that JVM, then sw or hN. */
    private static final Pattern OURS = Pattern.compile(PREFIX + "(\\d+)n\\d+(sw|h\\d+)");
    private static final AtomicInteger FIXTURES = new AtomicInteger();
    private static final Path NETNS_ETC = Path.of("/etc/netns");

    /** One host: its namespace, host name and address. */
    public record Host(int index, String namespace, String hostName, String address) {
        /** The switch-side end of this host's link. */
        String port() {
            return "p" + index;
        }
    }

    private final int count;
    private final List<Host> hosts = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();
    private final String id = ProcessHandle.current().pid() + "n" + FIXTURES.incrementAndGet();
    private String switchNs;
    private boolean madeNetnsEtc;

    public TestHosts(int count) {
        this.count = count;
    }

    // ---- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        create();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stopProcesses();
        for (Host h : hosts) {
            reconnect(h);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Builds the hosts; aborts the calling test (JUnit assumption) where namespaces cannot be made. */
    public void create() throws IOException, InterruptedException {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "test hosts need Linux network namespaces");
        removeStale();
        switchNs = PREFIX + id + "sw";
        madeNetnsEtc = !Files.isDirectory(NETNS_ETC);
        Result probe = ip("netns", "add", switchNs);
        String why = "cannot make network namespaces (needs root / CAP_NET_ADMIN and iproute2): ip netns add: "
                + probe.text.strip();
        if (probe.code != 0 && "true".equals(System.getenv("CI")) && isRoot()) {
            throw new IllegalStateException("CI runs as root, so the test hosts must work: " + why);
        }
        Assumptions.assumeTrue(probe.code == 0, why);
        namespaces.add(switchNs);
        try {
            must("-n", switchNs, "link", "set", "lo", "up");
            must("-n", switchNs, "link", "add", "br0", "type", "bridge");
            must("-n", switchNs, "link", "set", "br0", "up");
            StringBuilder names = new StringBuilder("127.0.0.1 localhost\n");
            for (int i = 1; i <= count; i++) {
                Host h = new Host(i, PREFIX + id + "h" + i, "host" + i, SUBNET + "." + i);
                hosts.add(h);
                names.append(h.address()).append(' ').append(h.hostName()).append('\n');
            }
            for (Host h : hosts) {
                must("netns", "add", h.namespace());
                namespaces.add(h.namespace());
                must("-n", h.namespace(), "link", "set", "lo", "up");
                must("-n", switchNs, "link", "add", h.port(), "type", "veth", "peer", "name", "eth0", "netns", h.namespace());
                must("-n", switchNs, "link", "set", h.port(), "master", "br0");
                must("-n", switchNs, "link", "set", h.port(), "up");
                must("-n", h.namespace(), "addr", "add", h.address() + "/24", "dev", "eth0");
                must("-n", h.namespace(), "link", "set", "eth0", "up");
                // `ip netns exec` bind-mounts these over /etc/hosts and /etc/resolv.conf: host names resolve
                // from the file, and a name missing from it is asked of the host's own loopback, nobody else.
                Path etc = Files.createDirectories(NETNS_ETC.resolve(h.namespace()));
                Files.writeString(etc.resolve("hosts"), names.toString());
                Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** Stops every process, deletes every namespace (and so its links and the bridge) and /etc/netns entry. */
    public void close() throws InterruptedException, IOException {
        stopProcesses();
        for (String ns : namespaces) {
            ip("netns", "delete", ns);
            deleteTree(NETNS_ETC.resolve(ns));
        }
        namespaces.clear();
        hosts.clear();
    }

    // ---- use

    public Host host(int index) {
        return hosts.get(index - 1);
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /**
     * The command line running {@code command} on {@code host}: in its network namespace (through
     * {@code ip netns exec}, which execs, keeping the PID) and under its host name (a UTS namespace of the
     * process's own; {@code unshare} and {@code sh} exec too, so the PID is the command's).
     */
    public List<String> on(Host host, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace(), "unshare", "--uts", "--",
                "sh", "-c", "hostname \"$0\" && exec \"$@\"", host.hostName()));
        cmd.addAll(command);
        return cmd;
    }

    /** Starts {@code command} on {@code host}, output and errors to {@code log}; stopped after the test. */
    public Process start(Host host, List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(on(host, command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /** Runs {@code command} on {@code host} to its end (at most {@code seconds}); returns exit code and output. */
    public Result run(Host host, List<String> command, Map<String, String> env, int seconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("phasor-host", ".log");
        try {
            Process p = start(host, command, env, log);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                stop(List.of(p.toHandle()));
                throw new AssertionError(command + " on " + host.hostName() + " did not end within " + seconds
                        + " s:\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Cuts the host off the network: its link's switch end goes down, so its packets are silently lost. */
    public void disconnect(Host host) throws IOException, InterruptedException {
        must("-n", switchNs, "link", "set", host.port(), "down");
    }

    /** Plugs the host back in. */
    public void reconnect(Host host) throws IOException, InterruptedException {
        must("-n", switchNs, "link", "set", host.port(), "up");
    }

    /** The host whose network namespace process {@code pid} is in, if any. */
    public Optional<Host> hostOf(long pid) {
        Optional<String> ns = netns(pid);
        return hosts.stream().filter(h -> ns.isPresent() && ns.equals(netnsOf(h.namespace()))).findFirst();
    }

    /** Exit code and merged output of a command. */
    public record Result(int code, String text) {
    }

    // ---- processes

    /** Stops what was started here (and its descendants), then anything left inside the hosts' namespaces. */
    private void stopProcesses() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        synchronized (started) {
            for (Process p : started) {
                all.add(p.toHandle());
                all.addAll(p.descendants().toList());
            }
            started.clear();
        }
        all.addAll(insideHosts());
        stop(all);
        stop(insideHosts()); // children forked meanwhile
    }

    /** Every live process in one of the hosts' network namespaces (not the switch: nothing runs there). */
    private List<ProcessHandle> insideHosts() {
        Set<String> ours = new HashSet<>();
        namespaces.forEach(ns -> netnsOf(ns).ifPresent(ours::add));
        if (ours.isEmpty()) {
            return List.of();
        }
        try (Stream<ProcessHandle> ps = ProcessHandle.allProcesses()) {
            return ps.filter(p -> netns(p.pid()).filter(ours::contains).isPresent()).toList();
        }
    }

    /** SIGTERM, up to 5 s to end, then SIGKILL; by PID. */
    private static void stop(List<ProcessHandle> processes) throws InterruptedException {
        List<ProcessHandle> live = processes.stream().filter(ProcessHandle::isAlive).distinct().toList();
        live.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (live.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling with a deadline
        }
        live.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : live) {
            p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
        }
    }

    private static Optional<String> netns(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // gone, or not ours to read
        }
    }

    private static Optional<String> netnsOf(String namespace) {
        try {
            Object inode = Files.getAttribute(Path.of("/run/netns", namespace), "unix:ino");
            return Optional.of("net:[" + inode + "]");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    // ---- leftovers of a test JVM that was killed before its teardown

    private void removeStale() throws IOException, InterruptedException {
        Result list = ip("netns", "list");
        if (list.code != 0) {
            return;
        }
        for (String line : list.text.lines().toList()) {
            String ns = line.split("\\s+")[0];
            Matcher m = OURS.matcher(ns);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                ip("netns", "delete", ns);
                deleteTree(NETNS_ETC.resolve(ns));
            }
        }
    }

    // ---- ip

    private static void must(String... args) throws IOException, InterruptedException {
        Result r = ip(args);
        if (r.code != 0) {
            throw new IOException("ip " + String.join(" ", args) + " failed (" + r.code + "): " + r.text.strip());
        }
    }

    private static Result ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, "cannot run ip: " + e.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ip " + String.join(" ", args) + " did not end within 30 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
        if (madeNetnsEtc) {
            try (Stream<Path> rest = Files.list(NETNS_ETC)) {
                if (rest.findAny().isEmpty()) {
                    Files.deleteIfExists(NETNS_ETC); // made for us: leave /etc as it was
                }
            }
        }
    }
}
