package dev.phasor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostNameTest {

    @Test
    void theKernelsNameIsTheOneInetAddressGives() throws Exception {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        assumeTrue(Files.isReadable(kernel), "no /proc/sys/kernel/hostname here (not Linux)");
        String viaInet;
        try {
            viaInet = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            viaInet = null;
        }
        assumeTrue(viaInet != null, "this host's name does not resolve, so InetAddress gives none to compare with");
        assertEquals(viaInet, HostName.fromKernel(kernel));
        assertEquals(viaInet, HostName.orElse("unknown-host"));
    }

    @Test
    void aNameIsTakenFromTheFirstLineWithoutItsNewline(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("hostname"), "build-7.example\n");
        assertEquals("build-7.example", HostName.fromKernel(f));
        assertEquals("build-7.example", HostName.find(f));
    }

    @Test
    void aMissingOrBlankFileGivesNoNameSoInetAddressIsAsked(@TempDir Path dir) throws Exception {
        assertNull(HostName.fromKernel(dir.resolve("absent")));
        Path blank = Files.writeString(dir.resolve("blank"), " \n");
        assertNull(HostName.fromKernel(blank));
        assertEquals(HostName.fromInetAddress(), HostName.find(blank));
    }
}
