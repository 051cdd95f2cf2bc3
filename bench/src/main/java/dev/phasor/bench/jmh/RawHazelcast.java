package dev.phasor.bench.jmh;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Plain Hazelcast members with no Phasor code in the path, for the transport floor
 * ({@link HazelcastRawSubmitBench}): Phasor's safe settings (cluster name, TCP join with listed members,
 * multicast off, one interface, phone-home off), an {@link Echo} task. {@link #main} runs the worker
 * member in its own JVM until it is stopped (SIGTERM: Hazelcast's shutdown hook leaves the cluster).
 */
public final class RawHazelcast {

    static final int FACTORY_ID = 7301;
    static final String EXECUTOR = "raw-echo";

    private RawHazelcast() {
    }

    /** usage: RawHazelcast CLUSTER_NAME PORT JOIN[,JOIN...] */
    public static void main(String[] args) throws InterruptedException {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config(args[0], Integer.parseInt(args[1]),
                List.of(args[2].split(",")), false));
        System.out.println("raw member ready (" + hz.getCluster().getMembers().size() + " members)");
        System.out.flush();
        while (hz.getLifecycleService().isRunning()) {
            Thread.sleep(200); // until SIGTERM shuts the member down
        }
    }

    static Config config(String clusterName, int port, List<String> join, boolean lite) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setLiteMember(lite);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).clear().addInterface("127.0.0.1");
        JoinConfig j = network.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setMembers(join);
        config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new Factory());
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        return config;
    }

    /** Returns its number plus one: the answer proves the task ran on the other side. */
    public static final class Echo implements Callable<Integer>, IdentifiedDataSerializable {
        int value;

        public Echo() {
        }

        Echo(int value) {
            this.value = value;
        }

        @Override
        public Integer call() {
            return value + 1;
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return 1;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(value);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            value = in.readInt();
        }
    }

    static final class Factory implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int typeId) {
            return typeId == 1 ? new Echo() : null;
        }
    }
}
