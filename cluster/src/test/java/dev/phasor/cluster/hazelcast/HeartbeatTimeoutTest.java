package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import dev.phasor.cli.Cli;
import dev.phasor.exec.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code --heartbeat-timeout}: Hazelcast's failure detection on every member, checked without starting one. */
@Timeout(30)
class HeartbeatTimeoutTest {

    private static ClusterSettings settings() {
        return ClusterSettings.of("c", List.of("127.0.0.1:5701"), "127.0.0.1", null, ClusterSettings.WORKER_BASE_PORT,
                false);
    }

    @Test
    void setsHazelcastsHeartbeatPropertiesOnWorkersAndCoordinatorsWithATenSecondDefault() {
        assertEquals(10, settings().heartbeatTimeoutSeconds());
        ClusterSettings s = settings().withHeartbeatTimeout(7);
        Config worker = MemberConfigs.worker(s, 1, new WorkerNode(1, List.of(), false, null));
        for (Config c : List.of(worker, MemberConfigs.coordinator(s))) {
            assertEquals("7", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
            assertEquals("1", c.getProperty("hazelcast.heartbeat.interval.seconds"));
        }
        Config dflt = MemberConfigs.coordinator(settings());
        assertEquals("10", dflt.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("2", dflt.getProperty("hazelcast.heartbeat.interval.seconds"));
    }

    @Test
    void refusesATimeoutTooShortToTellAPauseFromADeadMember() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings().withHeartbeatTimeout(1));
        assertTrue(e.getMessage().contains("--heartbeat-timeout must be between 2 and 3600"), e.getMessage());

        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(null);
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("worker", "--join", "127.0.0.1:5701", "--cluster-name", "c", "--heartbeat-timeout", "1");
        assertEquals(ExitCodes.USAGE, code, err.toString());
        assertTrue(err.toString().contains("--heartbeat-timeout"), err.toString());
    }
}
