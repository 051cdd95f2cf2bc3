package dev.phasor.cluster.hazelcast;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options {@code phasor run} gains for {@code --backend hazelcast} (a picocli mixin). They are parsed
 * whatever the backend, so none is required here: {@link #settings} checks them when this backend is used.
 */
public final class HazelcastOptions {

    @Option(names = "--join", split = ",", paramLabel = "HOST:PORT",
            description = "hazelcast: worker members to join through, comma separated (required).")
    List<String> join = new ArrayList<>();

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "hazelcast: the workers' cluster name (required; not a secret).")
    String clusterName;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "hazelcast: IP address of the interface the coordinator listens on"
                    + " (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "P",
            description = "hazelcast: the coordinator's member port (default: the first free one from "
                    + ClusterSettings.COORDINATOR_BASE_PORT + ").")
    Integer port;

    @Option(names = "--results-over-network",
            description = "hazelcast: carry inputs and results between coordinator and workers instead of"
                    + " sharing the cache directory (for nodes without shared storage).")
    boolean resultsOverNetwork;

    @Option(names = "--min-workers", paramLabel = "N", defaultValue = "1",
            description = "hazelcast: workers that must agree on the pipeline before the run starts"
                    + " (default: ${DEFAULT-VALUE}).")
    int minWorkers;

    @Option(names = "--worker-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "hazelcast: how long to wait for --min-workers at the start, and for a new worker"
                    + " when none is left during the run (default: ${DEFAULT-VALUE}).")
    int workerWaitSeconds;

    @Option(names = "--heartbeat-timeout", paramLabel = "SECONDS",
            defaultValue = "" + ClusterSettings.DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
            description = "hazelcast: a member silent this long (frozen, cut off) is dropped from the cluster and"
                    + " its steps are dispatched again; give workers the same value (default: ${DEFAULT-VALUE}).")
    int heartbeatTimeoutSeconds;

    /**
     * The validated cluster settings.
     *
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    ClusterSettings settings(boolean verbose) {
        if (minWorkers < 1) {
            throw new IllegalArgumentException("--min-workers must be at least 1, got " + minWorkers);
        }
        if (workerWaitSeconds < 0) {
            throw new IllegalArgumentException("--worker-wait must not be negative, got " + workerWaitSeconds);
        }
        return ClusterSettings.of(clusterName, join, bind, port, ClusterSettings.COORDINATOR_BASE_PORT, verbose)
                .withHeartbeatTimeout(heartbeatTimeoutSeconds);
    }

    /**
     * Where warnings go. System.err: picocli does not inject the command's spec into a mixin added with
     * {@code addMixin}, and the command's own error writer is System.err outside tests anyway.
     */
    PrintWriter err() {
        return new PrintWriter(System.err, true);
    }
}
