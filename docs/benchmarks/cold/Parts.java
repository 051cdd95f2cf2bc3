import dev.phasor.serialization.*;
import java.nio.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.Arrays;
import java.util.zip.CRC32C;

public class Parts {
    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory(Paths.get(a.length > 0 ? a[0] : "/tmp/cold/work"), "parts");
        KryoCodec codec = KryoCodec.jdk();
        String key = "ab".repeat(32);
        ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
        for (int round = 0; round < 6; round++) {
            int n = 64;
            long tFill = 0, tEnc = 0, tCrc = 0, tWrite = 0, tAll = 0, tRead = 0, tRaw = 0;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                byte[] b = new byte[1 << 20];
                Arrays.fill(b, (byte) i);
                long t1 = System.nanoTime();
                int[] len = new int[1];
                codec.encode(b, enc -> { len[0] = enc.remaining(); return null; });
                long t2 = System.nanoTime();
                CRC32C c = new CRC32C(); direct.clear(); c.update(direct);
                long t3 = System.nanoTime();
                Path raw = dir.resolve("raw" + round + "_" + i);
                try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) { direct.clear(); ch.write(direct); }
                long t4 = System.nanoTime();
                Path f = dir.resolve("r" + round + "_" + i);
                codec.encode(b, enc -> ResultFile.write(f, key, codec.fingerprint(), enc));
                long t5 = System.nanoTime();
                ResultFile.read(f, (h, p) -> codec.decode(p));
                long t6 = System.nanoTime();
                tFill += t1 - t0; tEnc += t2 - t1; tCrc += t3 - t2; tRaw += t4 - t3; tAll += t5 - t4; tRead += t6 - t5;
            }
            System.out.printf("round %d per block us: alloc+fill %.0f encode %.0f crc %.0f rawwrite %.0f resultWrite %.0f resultRead %.0f%n", round,
                tFill / 1e3 / n, tEnc / 1e3 / n, tCrc / 1e3 / n, tRaw / 1e3 / n, tAll / 1e3 / n, tRead / 1e3 / n);
        }
    }
}
