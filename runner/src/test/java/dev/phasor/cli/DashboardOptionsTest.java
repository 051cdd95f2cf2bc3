package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.testkit.InProcessCli;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --dashboard[=PORT]} and {@code --dashboard-bind}: how they parse and how bad values are refused. */
class DashboardOptionsTest {

    @TempDir
    Path tmp;

    private static RunCommand parse(String... args) {
        CommandLine cl = Cli.commandLine(null);
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (RunCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void aBareDashboardTakesTheDefaultPortAndLeavesTheClassAsThePipeline() {
        RunCommand run = parse("run", "--dashboard", "my.Pipeline");
        assertEquals(DashboardOptions.DEFAULT_PORT, run.dashboardPort);
        assertEquals("my.Pipeline", run.pipeline.className);
        assertEquals("127.0.0.1", run.dashboardBind);
    }

    @Test
    void aPortIsTakenAttachedOrSeparate() {
        assertEquals(8790, parse("run", "my.Pipeline", "--dashboard=8790").dashboardPort);
        assertEquals(0, parse("run", "--dashboard", "0", "my.Pipeline").dashboardPort);
        assertNull(parse("run", "my.Pipeline").dashboardPort, "no dashboard unless asked for");
    }

    @Test
    void anAttachedValueThatIsNotAPortIsRefusedNamingTheOptionNotTakenAsThePipelineClass() {
        CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.ParameterException.class, () -> parse("run", "--dashboard=abc", "--cache", "c"));
        assertEquals("--dashboard=abc: 'abc' is not a port (0-65535; 0 for any free one)", e.getMessage());
        InProcessCli.Outcome empty = InProcessCli.phasor("run", dev.phasor.testkit.Watched.class.getName(), "--cache",
                tmp.toString(), "--dashboard=");
        assertEquals(2, empty.code(), empty::toString);
        assertTrue(empty.err().contains("--dashboard=: '' is not a port"), empty.err());
    }

    @Test
    void aTakenPortOrABadAddressIsAUsageErrorNamingItBeforeAnythingRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InProcessCli.Outcome o = InProcessCli.phasor("run", dev.phasor.testkit.Watched.class.getName(), "--cache",
                    tmp.toString(), "--dashboard=" + taken.getLocalPort());
            assertEquals(2, o.code(), o::toString);
            assertTrue(o.err().contains("cannot serve the dashboard on 127.0.0.1:" + taken.getLocalPort()), o.err());
            assertTrue(!java.nio.file.Files.exists(tmp.resolve("watched").resolve("load_0.status")), "nothing ran");
        }
        InProcessCli.Outcome bad = InProcessCli.phasor("run", dev.phasor.testkit.Watched.class.getName(), "--cache",
                tmp.toString(), "--dashboard=0", "--dashboard-bind", "no.such.host.invalid");
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("cannot listen on 'no.such.host.invalid'"), bad.err());
    }
}
