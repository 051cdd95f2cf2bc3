package dev.phasor.cluster.mpj.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreDistinctBindableAndNotExcluded() throws Exception {
        int first = FreePorts.take(1, Set.of()).get(0);
        List<Integer> ports = FreePorts.take(3, Set.of(first));

        assertEquals(3, new HashSet<>(ports).size());
        assertFalse(ports.contains(first));
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, s.getLocalPort());
            }
        }
    }

    @Test
    void aListeningPortIsSeenInProcNetTcpWithoutConnecting() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(ProcFs.isListening(s.getLocalPort()));
        }
        assertEquals(0x1F90, ProcFs.port("0100007F:1F90"));
    }
}
