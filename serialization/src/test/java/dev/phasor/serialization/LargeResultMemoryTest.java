package dev.phasor.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result larger than half the heap is written and read back: it is held once, never also as its encoded
 * bytes (an array of its size on the heap, or a direct buffer of its size). Runs in a JVM of its own whose
 * heap and direct memory are small enough for a second copy to fail.
 */
class LargeResultMemoryTest {

    /** 200 MiB in a 320 MiB heap with 32 MiB of direct memory: a second copy of either kind does not fit. */
    private static final int MIB = 200;

    @TempDir
    Path dir;

    @Test
    void aResultLargerThanHalfTheHeapIsWrittenAndReadBackInAHeapTooSmallForTwo() throws Exception {
        Path log = dir.resolve("child.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:MaxDirectMemorySize=32m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), RoundTrip.class.getName(),
                dir.resolve("big.step").toString(), String.valueOf(MIB)));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the round trip ends within two minutes");
        } finally {
            child.destroyForcibly(); // by its handle: the process this test started
        }
        String out = Files.readString(log);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("round trip of " + MIB + " MiB: ok"), out);
    }

    /** The child: writes a {@value #MIB} MiB array as a step's result, drops it, reads it back and checks it. */
    public static final class RoundTrip {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            int mib = Integer.parseInt(args[1]);
            KryoCodec codec = KryoCodec.jdk();
            write(file, mib, codec); // the value is unreachable once this returns
            byte[] read = ResultFile.read(file, (header, payload) ->
                    (byte[]) codec.decode(payload, header.payloadLength()));
            for (int i = 0; i < read.length; i++) {
                if (read[i] != expected(i)) {
                    throw new AssertionError("byte " + i + " is " + read[i] + ", not " + expected(i));
                }
            }
            System.out.println("round trip of " + mib + " MiB: " + (read.length == mib << 20 ? "ok" : "short"));
        }

        private static void write(Path file, int mib, KryoCodec codec) throws IOException {
            byte[] value = new byte[mib << 20];
            for (int i = 0; i < value.length; i += 4096) {
                value[i] = expected(i);
            }
            ResultFile.write(file, "ab".repeat(32), codec.fingerprint(), chunks -> codec.encode(value, chunks),
                    () -> true, f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        }

        private static byte expected(int i) {
            return i % 4096 == 0 ? (byte) (i >>> 12) : 0;
        }
    }
}
