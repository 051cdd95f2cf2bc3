import dev.phasor.serialization.*;
import java.nio.file.*;
import java.util.*;
/** 1 MiB byte[] result written and read back through the result file, the array path (before) and the buffer path (now), interleaved; thread CPU per round trip. */
public class PayloadCpu {
    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(a[0]), "pay");
        int rounds = Integer.parseInt(a[1]);
        KryoCodec codec = KryoCodec.jdk();
        String key = "ab".repeat(32), fp = codec.fingerprint();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] cpu = new long[2]; long[] wall = new long[2];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < 2; v++) {
                byte[] block = new byte[1 << 20]; Arrays.fill(block, (byte) r);
                Path f = dir.resolve("p" + r + "-" + v + ".step");
                long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                byte[] back;
                if (v == 0) {
                    ResultFile.write(f, key, fp, codec.encode(block));
                    back = (byte[]) codec.decode(ResultFile.read(f).payload());
                } else {
                    codec.encode(block, e -> ResultFile.write(f, key, fp, e));
                    back = ResultFile.read(f, (h, p) -> (byte[]) codec.decode(p));
                }
                if (r >= rounds / 4) { cpu[v] += mx.getCurrentThreadCpuTime() - c0; wall[v] += System.nanoTime() - t0; }
                if (back.length != block.length || back[12345] != (byte) r) throw new IllegalStateException("wrong");
                Files.delete(f);
            }
        }
        int n = rounds - rounds / 4;
        for (int v = 0; v < 2; v++) {
            System.out.printf(Locale.ROOT, "%s %s: %.0f us CPU per 1 MiB write+read (%.0f MB/s of CPU), wall %.0f us%n", a[0], v == 0 ? "arrays (before)" : "buffers (now)", cpu[v] / 1e3 / n, 2.0 * 1048576 * n / (cpu[v] / 1e9) / 1e6, wall[v] / 1e3 / n);
        }
        Files.delete(dir);
    }
}
