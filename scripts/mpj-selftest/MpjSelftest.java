// Throwaway fixture for scripts/mpj-selftest/run.sh: a rank main that honours the bin/mpjrun.sh
// contract, so the launcher wrapper can be tested without Phasor's Java code.
//
// Contract (see bin/mpjrun.sh): MPI.Init(args) returns  --job-dir JOBDIR CLASS args...
//   JOBDIR/rank-<r>.pid    JVM pid, written right after Init
//   JOBDIR/rank-<r>.exit   exit code as text, written after Finalize returns
//   JOBDIR/rank-<r>.error  optional one-line message
// Markers are written to a temporary file and renamed, so a reader never sees half a marker.
//
// The first user arg (after CLASS) picks a mode:
//   ok        every rank r>0 sends r to rank 0; rank 0 checks and prints the sum (default)
//   throw     rank 1 throws: writes .error then rethrows to MPJ (no .exit). multicore: MPJ calls
//             System.exit(0) for the whole JVM; niodev: the rank JVM stays alive and the job hangs
//   fail      rank 1 fails the recommended way: .error, .exit 1, then System.exit(1)
//   hang      rank 1 sleeps forever before sending
//   exit3     like ok, but the last rank exits with code 3 after Finalize (System.exit(3))
//   args      rank 0 prints every remaining argument as  arg[i]=<value>
//   props     rank 0 prints the given system properties as  prop[name]=<value>
//   noisy N   every rank prints N lines of output before the exchange
//
// Compile at test time only (class files are not committed):
//   javac -cp /usr/share/java/mpj.jar -d "$tmp" scripts/mpj-selftest/MpjSelftest.java
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import mpi.MPI;

public class MpjSelftest {

    public static void main(String[] argv) throws Throwable {
        // Before Init, argv is MPJ's own: <rank> <conf> <device> ... ("smpdev" under multicore).
        final String device = argv.length > 2 ? argv[2] : "?";
        final String[] rest = MPI.Init(argv);
        final int rank = MPI.COMM_WORLD.Rank();
        final int size = MPI.COMM_WORLD.Size();
        if (rest.length < 3 || !"--job-dir".equals(rest[0])) {
            throw new IllegalArgumentException("expected --job-dir JOBDIR CLASS args..., got "
                    + Arrays.toString(rest));
        }
        final Path jobDir = Paths.get(rest[1]);
        marker(jobDir, rank, "pid", Long.toString(ProcessHandle.current().pid()));
        final String[] userArgs = Arrays.copyOfRange(rest, 3, rest.length);
        final String mode = userArgs.length > 0 ? userArgs[0] : "ok";

        int code;
        try {
            code = run(mode, rank, size, userArgs);
        } catch (Throwable t) {
            marker(jobDir, rank, "error", oneLine(t));
            if ("fail".equals(mode)) {
                marker(jobDir, rank, "exit", "1");
                System.out.flush();
                System.exit(1);
            }
            throw t; // leave it to MPJ, as a careless program would
        }
        MPI.Finalize();
        marker(jobDir, rank, "exit", Integer.toString(code));
        if (code != 0) {
            // multicore: every rank shares this JVM, so System.exit would kill ranks that have not
            // written their marker yet. Wait (bounded) for all markers first.
            if ("smpdev".equals(device)) {
                awaitAllExitMarkers(jobDir, size, 10_000);
            }
            System.out.flush();
            System.exit(code);
        }
    }

    private static int run(String mode, int rank, int size, String[] userArgs) throws Exception {
        switch (mode) {
            case "throw":
            case "fail":
                if (rank == 1) {
                    throw new IllegalStateException("selftest: rank 1 failed on purpose (" + mode + ")");
                }
                break;
            case "hang":
                if (rank == 1) {
                    Thread.sleep(Long.MAX_VALUE);
                }
                break;
            case "args":
                if (rank == 0) {
                    for (int i = 1; i < userArgs.length; i++) {
                        System.out.println("arg[" + i + "]=<" + userArgs[i] + ">");
                    }
                }
                break;
            case "props":
                if (rank == 0) {
                    for (int i = 1; i < userArgs.length; i++) {
                        System.out.println("prop[" + userArgs[i] + "]=<" + System.getProperty(userArgs[i]) + ">");
                    }
                }
                break;
            case "noisy":
                int n = userArgs.length > 1 ? Integer.parseInt(userArgs[1]) : 1000;
                for (int i = 0; i < n; i++) {
                    System.out.println("rank " + rank + " line " + i + " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
                }
                break;
            case "ok":
            case "exit3":
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        exchange(rank, size);
        return "exit3".equals(mode) && rank == size - 1 ? 3 : 0;
    }

    /** Every rank r > 0 sends r to rank 0; rank 0 checks what it got. */
    private static void exchange(int rank, int size) throws Exception {
        final int tag = 7;
        if (rank == 0) {
            long sum = 0;
            for (int src = 1; src < size; src++) {
                int[] buf = new int[1];
                MPI.COMM_WORLD.Recv(buf, 0, 1, MPI.INT, src, tag);
                if (buf[0] != src) {
                    throw new IllegalStateException("rank 0 got " + buf[0] + " from " + src);
                }
                sum += buf[0];
            }
            System.out.println("selftest: rank 0 of " + size + " received sum " + sum);
        } else {
            MPI.COMM_WORLD.Send(new int[] {rank}, 0, 1, MPI.INT, 0, tag);
        }
    }

    private static void awaitAllExitMarkers(Path jobDir, int size, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            int seen = 0;
            for (int r = 0; r < size; r++) {
                if (Files.exists(jobDir.resolve("rank-" + r + ".exit"))) {
                    seen++;
                }
            }
            if (seen == size) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static void marker(Path jobDir, int rank, String kind, String text) throws IOException {
        Path target = jobDir.resolve("rank-" + rank + "." + kind);
        Path tmp = jobDir.resolve(".rank-" + rank + "." + kind + ".tmp");
        Files.write(tmp, (text + "\n").getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String oneLine(Throwable t) {
        String s = t.getClass().getName() + ": " + t.getMessage();
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
