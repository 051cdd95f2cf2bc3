package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.TcpIpConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The checks and safe defaults every member gets, without starting one. */
class HazelcastClusterSettingsTest {

    @Test
    @Timeout(10)
    void insistsOnAClusterNameAndHostPortJoinEntries() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings(null, List.of("127.0.0.1:5701"), null))
                .getMessage().contains("--cluster-name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("c", List.of(), null))
                .getMessage().contains("--join"));
        for (String bad : List.of("127.0.0.1", "127.0.0.1:5701-5710", ":5701", "host:0", "host:70000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings("c", List.of(bad), null), bad);
            assertTrue(e.getMessage().contains("'" + bad + "' is not HOST:PORT"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> settings("c", List.of("127.0.0.1:5701"), "0.0.0.0")).getMessage().contains("every interface"));
    }

    @Test
    @Timeout(10)
    void membersJoinOnlyListedAddressesOnOneInterfaceWithPhoneHomeOff() {
        ClusterSettings s = settings("team-a", List.of("127.0.0.1:5701", " 127.0.0.1:5702"), "localhost");
        Config worker = MemberConfigs.worker(s, 3, new WorkerNode(3, List.of(), false, null));
        Config coordinator = MemberConfigs.coordinator(s);
        for (Config c : List.of(worker, coordinator)) {
            assertEquals("team-a", c.getClusterName());
            assertTrue(!c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
            assertTrue(!c.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled());
            TcpIpConfig tcp = c.getNetworkConfig().getJoin().getTcpIpConfig();
            assertTrue(tcp.isEnabled());
            assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702"), tcp.getMembers());
            assertEquals(List.of("127.0.0.1"), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
            assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
            assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        }
        assertTrue(coordinator.isLiteMember(), "the coordinator owns no partitions");
        assertEquals(3, worker.getExecutorConfig(MemberConfigs.STEP_EXECUTOR).getPoolSize());
        assertEquals(ClusterSettings.WORKER_BASE_PORT, worker.getNetworkConfig().getPort());
        assertTrue(worker.getNetworkConfig().isPortAutoIncrement(), "no --port: the first free one from the base");
    }

    private static ClusterSettings settings(String name, List<String> join, String bind) {
        return ClusterSettings.of(name, join, bind, null, ClusterSettings.WORKER_BASE_PORT, false);
    }
}
