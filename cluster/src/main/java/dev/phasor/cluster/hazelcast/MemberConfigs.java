package dev.phasor.cluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * Member configurations with Phasor's safe defaults: explicit cluster name, TCP-IP join with listed
 * members only (no multicast, no cloud auto-detection), one bound interface, phone-home off, quiet logs,
 * no Java deserialization of classes outside Hazelcast's default allow-list.
 */
final class MemberConfigs {

    /** Member attribute telling workers from coordinators. */
    static final String ROLE = "phasor.role";
    static final String WORKER = "worker";
    static final String COORDINATOR = "coordinator";
    /** Runs steps; its pool size is the worker's thread count. */
    static final String STEP_EXECUTOR = "phasor-steps";
    /** Prepares and releases runs, so that those never wait behind long steps. */
    static final String CONTROL_EXECUTOR = "phasor-control";

    /** How soon, and how often, a cluster's master looks for another cluster of its name at its join addresses. */
    static final int MERGE_DELAY_SECONDS = 2;

    private MemberConfigs() {
    }

    /** A worker member running {@code threads} steps at once; {@code node} serves the tasks. */
    static Config worker(ClusterSettings settings, int threads, WorkerNode node) {
        Config config = common(settings, WORKER);
        config.addExecutorConfig(new ExecutorConfig(STEP_EXECUTOR).setPoolSize(threads));
        config.addExecutorConfig(new ExecutorConfig(CONTROL_EXECUTOR).setPoolSize(4));
        config.getUserContext().put(WorkerNode.CONTEXT_KEY, node);
        return config;
    }

    /**
     * The coordinator: a lite member. It owns no partitions, so its arrival and departure move no data,
     * yet it sees membership changes first-hand and invokes workers directly.
     */
    static Config coordinator(ClusterSettings settings) {
        Config config = common(settings, COORDINATOR);
        config.setLiteMember(true);
        // Nothing reads a coordinator's metrics (no Management Center, no JMX client), and their start-up
        // (JMX publisher, metric sets) sits between `phasor run` and the run's first step.
        config.getMetricsConfig().setEnabled(false);
        return config;
    }

    private static Config common(ClusterSettings settings, String role) {
        HazelcastLogging.configure(settings.verbose());
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port() != null ? settings.port() : settings.basePort());
        network.setPortAutoIncrement(settings.port() == null);
        network.setPortCount(100);
        network.getInterfaces().setEnabled(true).clear().addInterface(settings.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.join());
        config.getMemberAttributeConfig().setAttribute(ROLE, role);
        config.getSerializationConfig().addDataSerializableFactory(Messages.FACTORY_ID, new Messages());
        config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        // Phasor installs its own hooks: a worker leaves gracefully, a coordinator first aborts its run.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // The master batches join requests for this long; the default 5 s only slows small clusters.
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        // Two clusters under one name (members started together, each alone at first) merge this soon, not after
        // Hazelcast's default 300 s: a coordinator or worker left in a cluster of its own would wait that long.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        // Failure detection (--heartbeat-timeout): a member silent this long (frozen, cut off) is dropped,
        // and the coordinator dispatches its steps again. Hazelcast's own default, 60 s, is too slow for that.
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(settings.heartbeatTimeoutSeconds()));
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(settings.heartbeatIntervalSeconds()));
        return config;
    }
}
