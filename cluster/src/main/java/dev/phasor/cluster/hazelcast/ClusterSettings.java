package dev.phasor.cluster.hazelcast;

import dev.phasor.cluster.secret.SharedSecret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a member joins: validated once, shared by the worker command and the coordinator.
 *
 * @param clusterName the cluster name; members with another name are not let in
 * @param join {@code host:port} of members to join through (TCP-IP, no multicast)
 * @param bindAddress the IP address of the one interface the member listens on
 * @param port the member port, or null to take the first free one from {@code basePort}
 * @param basePort where automatic port selection starts
 * @param verbose true for Hazelcast's INFO logs
 * @param heartbeatTimeoutSeconds how long a member may send no heartbeat before the cluster drops it (a
 *     frozen or cut-off worker: its steps are then dispatched again)
 * @param secret the secret Phasor's messages are sealed with, or null: they travel in the clear
 */
record ClusterSettings(String clusterName, List<String> join, String bindAddress, Integer port, int basePort,
        boolean verbose, int heartbeatTimeoutSeconds, SharedSecret secret) {

    /** Default of {@code --heartbeat-timeout}: a frozen worker is dropped within about this many seconds. */
    static final int DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 10;
    /** Below this, a loaded machine's GC pause or scheduling delay would be taken for a dead member. */
    static final int MIN_HEARTBEAT_TIMEOUT_SECONDS = 2;

    /** Workers take ports from here up (Hazelcast's usual range). */
    static final int WORKER_BASE_PORT = 5701;
    /** Coordinators from here up, so they never take a port a worker on the same host expects. */
    static final int COORDINATOR_BASE_PORT = 5801;

    /**
     * Checks the user's values.
     *
     * @throws IllegalArgumentException with a message naming the option
     */
    static ClusterSettings of(String clusterName, List<String> join, String bind, Integer port, int basePort,
            boolean verbose) {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("--cluster-name is required with the hazelcast backend");
        }
        if (join == null || join.isEmpty()) {
            throw new IllegalArgumentException("--join HOST:PORT[,HOST:PORT...] is required with the hazelcast"
                    + " backend");
        }
        List<String> members = new ArrayList<>();
        for (String entry : join) {
            members.add(checkMember(entry.strip()));
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("--port must be between 1 and 65535, got " + port);
        }
        return new ClusterSettings(clusterName.strip(), List.copyOf(members), resolve(bind), port, basePort, verbose,
                DEFAULT_HEARTBEAT_TIMEOUT_SECONDS, null);
    }

    /**
     * These settings with another heartbeat timeout.
     *
     * @throws IllegalArgumentException naming {@code --heartbeat-timeout} if it is out of range
     */
    ClusterSettings withHeartbeatTimeout(int seconds) {
        if (seconds < MIN_HEARTBEAT_TIMEOUT_SECONDS || seconds > 3600) {
            throw new IllegalArgumentException("--heartbeat-timeout must be between " + MIN_HEARTBEAT_TIMEOUT_SECONDS
                    + " and 3600 seconds, got " + seconds);
        }
        return new ClusterSettings(clusterName, join, bindAddress, port, basePort, verbose, seconds, secret);
    }

    /** These settings with messages sealed with {@code secret} (null: in the clear). */
    ClusterSettings withSecret(SharedSecret secret) {
        return new ClusterSettings(clusterName, join, bindAddress, port, basePort, verbose, heartbeatTimeoutSeconds,
                secret);
    }

    /**
     * Why a member with these settings is open to others, or null: one that listens beyond loopback without a
     * secret lets anyone who reaches its port, knowing the cluster's name, run steps and read what they send.
     */
    String exposure() {
        if (secret != null || isLoopback(bindAddress)) {
            return null;
        }
        return "listening on " + bindAddress + " without a secret: anyone who reaches that address and knows the"
                + " cluster name '" + clusterName + "' can run steps on the workers and read what they send. Give"
                + " every member the same --secret-file (see docs/security.md)";
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Seconds between two heartbeats: five per timeout, so one late heartbeat is not a lost member. */
    int heartbeatIntervalSeconds() {
        return Math.max(1, heartbeatTimeoutSeconds / 5);
    }

    private static String checkMember(String entry) {
        int colon = entry.lastIndexOf(':');
        String host = colon > 0 ? entry.substring(0, colon) : "";
        String port = colon > 0 ? entry.substring(colon + 1) : "";
        boolean valid = !host.isBlank() && port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1
                && Integer.parseInt(port) <= 65535;
        if (!valid) {
            // Hazelcast rejects port ranges and probes only 3 ports for a bare host: insist on HOST:PORT.
            throw new IllegalArgumentException("--join entry '" + entry + "' is not HOST:PORT (list each member,"
                    + " e.g. --join 10.0.0.5:5701,10.0.0.6:5701)");
        }
        return entry;
    }

    private static String resolve(String bind) {
        String name = bind == null || bind.isBlank() ? "127.0.0.1" : bind.strip();
        try {
            InetAddress address = InetAddress.getByName(name);
            if (address.isAnyLocalAddress()) {
                throw new IllegalArgumentException("--bind " + name + " would listen on every interface; give the"
                        + " address of the private network's interface");
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + name + ": unknown host");
        }
    }
}
