package dev.phasor.bench.jmh;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain Hazelcast members and tasks with no Phasor code in the path, for the transport floor
 * ({@link HazelcastRawSubmitBench}, and {@code phasor bench} against its own workers): Phasor's safe settings
 * (cluster name, TCP join with listed members, multicast off, one interface, phone-home off), an {@link Echo}
 * and a {@link Block} task. The tasks are {@link DataSerializable}, which Hazelcast finds by class name: they run
 * on any member with the bench on its class path, including a {@code phasor worker} whose configuration knows
 * no bench serializer. {@link #main} runs the worker member in its own JVM until it is stopped (SIGTERM:
 * Hazelcast's shutdown hook leaves the cluster).
 */
public final class RawHazelcast {

    static final String EXECUTOR = "raw-echo";
    private static final long ANSWER_SECONDS = 30;

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
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        return config;
    }

    /** Waits for an {@link Echo}'s answer and checks it came from the task that was sent. */
    public static int check(Future<Integer> answer, int sent) throws ExecutionException, InterruptedException,
            TimeoutException {
        int got = answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        if (got != sent + 1) {
            throw new IllegalStateException("echo of " + sent + " came back as " + got);
        }
        return got;
    }

    /** Waits for a {@link Block} and checks its size and its bytes at both ends; returns its size. */
    public static int check(Future<byte[]> answer, int bytes, byte fill) throws ExecutionException,
            InterruptedException, TimeoutException {
        byte[] b = answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        if (b.length != bytes || b[0] != fill || b[bytes - 1] != fill) {
            throw new IllegalStateException("a block of " + bytes + " bytes of " + fill + " came back as " + b.length
                    + " bytes");
        }
        return b.length;
    }

    /** Returns its number plus one: the answer proves the task ran on the other side. */
    public static final class Echo implements Callable<Integer>, DataSerializable {
        private int value;

        public Echo() {
        }

        public Echo(int value) {
            this.value = value;
        }

        @Override
        public Integer call() {
            return value + 1;
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

    /** Returns a {@code byte[]} of its size filled with its value: a result made on the other side and carried back. */
    public static final class Block implements Callable<byte[]>, DataSerializable {
        private int bytes;
        private byte fill;

        public Block() {
        }

        public Block(int bytes, byte fill) {
            if (bytes < 1) {
                throw new IllegalArgumentException("a block holds at least 1 byte, got " + bytes);
            }
            this.bytes = bytes;
            this.fill = fill;
        }

        @Override
        public byte[] call() {
            byte[] b = new byte[bytes];
            Arrays.fill(b, fill);
            return b;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(bytes);
            out.writeByte(fill);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            bytes = in.readInt();
            fill = in.readByte();
        }
    }
}
