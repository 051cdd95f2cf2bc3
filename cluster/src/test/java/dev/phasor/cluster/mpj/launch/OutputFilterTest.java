package dev.phasor.cluster.mpj.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputFilterTest {

    private static String filter(String in, boolean verbose) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OutputFilter(new PrintStream(out, true, StandardCharsets.ISO_8859_1), verbose)
                .relay(new ByteArrayInputStream(in.getBytes(StandardCharsets.ISO_8859_1)));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void mpjsBannersAndThePingRaceAreDroppedAndEverythingElsePasses() throws Exception {
        String in = """
                MPJ Express (0.44) is started in the cluster configuration with niodev
                Starting process <0> on <host1>
                OK: 17 done
                EXIT@Ping#@Ping#
                java.util.NoSuchElementException: No line found
                \tat java.base/java.util.Scanner.nextLine(Scanner.java:1660)
                \tat runtime.starter.IOMessagesThread.run(IOMessagesThread.java:60)
                java.util.NoSuchElementException: No line found
                \tat my.Step.run(Step.java:1)
                Stopping Process <0> on <host1>
                d\u00e9j\u00e0 vu
                """;

        assertEquals("""
                OK: 17 done
                java.util.NoSuchElementException: No line found
                \tat my.Step.run(Step.java:1)
                d\u00e9j\u00e0 vu
                """, filter(in, false));
    }

    @Test
    void verboseKeepsEveryLine() throws Exception {
        String in = "MPJ Express (0.44) is started in the cluster configuration with niodev\nEXIT@Ping#\n";
        assertEquals(in, filter(in, true));
    }
}
