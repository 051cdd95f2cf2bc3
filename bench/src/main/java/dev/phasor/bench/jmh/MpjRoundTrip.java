package dev.phasor.bench.jmh;

import dev.phasor.backend.Backend;
import dev.phasor.backend.BackendContext;
import dev.phasor.backend.BackendProvider;
import dev.phasor.backend.RunSession;
import dev.phasor.backend.WorkerSession;
import dev.phasor.cluster.mpj.MpjBackendProvider;
import dev.phasor.cluster.mpj.MpjBenchRuntime;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mpi.MPI;
import picocli.CommandLine;

/**
 * Round trips on the MPJ Express transport, timed with {@code System.nanoTime} over a bounded number of
 * iterations after a warm-up (MPJ cannot run inside a JMH fork: it owns the process's start). Every rank
 * runs this class under {@code bin/mpjrun.sh} ({@code PHASOR_MPJ_MAIN}; scripts/jmh.sh does it for
 * {@code -np 2} and {@code -np 4} on the multicore and niodev devices):
 * <ol>
 *   <li>{@code mpj-pingpong}: MPJ's own ping-pong, rank 0 and each worker, a 64-byte {@code MPI.BYTE}
 *       message each way; the floor;</li>
 *   <li>{@code dispatch}: Phasor's real path (MPJ backend, {@code RankLink}, {@code MpjTransport},
 *       {@code MpjWorker}, {@code StepExecutor}): rank 0 submits a no-op step that static assignment
 *       places on worker w and polls its report (the worker writes its result and status files);</li>
 *   <li>{@code dispatch-local}: the same on rank 0 itself (no message): what the step costs without the transport;</li>
 *   <li>{@code dispatch-all}: one step to every worker at once, time per round.</li>
 * </ol>
 * Rank 0 prints one {@code mpj-roundtrip ...} line per measurement (mean and median in microseconds).
 * With {@code --pingpong-only} it measures the ping-pong alone: {@code phasor bench} runs it so after a
 * pipeline's job, as that job's transport floor.
 *
 * <p>args after MPJ's and mpjrun's: {@code CLASS --cache DIR [--warmup N] [--iterations N]} or
 * {@code CLASS --pingpong-only [--warmup N] [--iterations N]}
 */
public final class MpjRoundTrip {

    private static final int TAG = 4242;
    /** The ping-pong's message; a constant, so that phasor bench can name it without loading this class. */
    public static final int PING_BYTES = 64;

    private MpjRoundTrip() {
    }

    public static void main(String[] argv) throws Exception {
        String device = argv.length > 2 ? ("smpdev".equals(argv[2]) ? "multicore" : argv[2]) : "?";
        boolean sharedJvm = "multicore".equals(device);
        String[] rest = MPI.Init(argv);
        int rank = MPI.COMM_WORLD.Rank();
        int size = MPI.COMM_WORLD.Size();
        if (rest.length < 3 || !"--job-dir".equals(rest[0])) {
            throw new IllegalArgumentException("run me with bin/mpjrun.sh (PHASOR_MPJ_MAIN=" + MpjRoundTrip.class.getName()
                    + "), got " + Arrays.toString(rest));
        }
        MpjBenchRuntime.Markers markers = MpjBenchRuntime.markers(Path.of(rest[1]), rank);
        markers.pid();
        int code = 0;
        MpjBenchRuntime runtime = null;
        try {
            Options o = Options.parse(Arrays.copyOfRange(rest, 3, rest.length));
            String label = "dev=" + device + " np=" + size;
            pingPong(rank, size, o, label);
            if (o.cache != null) {
                runtime = MpjBenchRuntime.start();
                dispatch(rank, size, o, label);
            }
        } catch (Throwable t) { // NOPMD: multicore: an escaping exception would System.exit(0) every rank
            code = 1;
            String why = t.getMessage() == null ? t.toString() : t.getMessage();
            System.err.println("rank " + rank + ": mpj-roundtrip failed: " + why);
            t.printStackTrace(); // NOPMD: the job log is where a failed rank is read
            markers.error(why);
        } finally {
            boolean finalize = true;
            if (runtime != null) {
                runtime.close();
                finalize = runtime.finalizeSafe();
            }
            if (finalize) {
                MPI.Finalize();
            }
            markers.exit(code);
        }
        if (!sharedJvm && code != 0) {
            System.exit(code);
        }
    }

    /** MPJ's own ping-pong between rank 0 and each worker in turn (the others wait in Recv). */
    private static void pingPong(int rank, int size, Options o, String label) {
        byte[] buf = new byte[PING_BYTES];
        for (int w = 1; w < size; w++) {
            if (rank == 0) {
                long[] t = new long[o.iterations];
                for (int i = 0; i < o.warmup + o.iterations; i++) {
                    buf[0] = (byte) i;
                    long t0 = System.nanoTime();
                    MPI.COMM_WORLD.Send(buf, 0, PING_BYTES, MPI.BYTE, w, TAG);
                    MPI.COMM_WORLD.Recv(buf, 0, PING_BYTES, MPI.BYTE, w, TAG);
                    long dt = System.nanoTime() - t0;
                    if (buf[0] != (byte) (i + 1)) {
                        throw new IllegalStateException("rank " + w + " echoed " + buf[0] + " for ping " + i);
                    }
                    if (i >= o.warmup) {
                        t[i - o.warmup] = dt;
                    }
                }
                report("mpj-pingpong", label + " worker=" + w, t);
            } else if (rank == w) {
                for (int i = 0; i < o.warmup + o.iterations; i++) {
                    MPI.COMM_WORLD.Recv(buf, 0, PING_BYTES, MPI.BYTE, 0, TAG);
                    buf[0]++;
                    MPI.COMM_WORLD.Send(buf, 0, PING_BYTES, MPI.BYTE, 0, TAG);
                }
            }
        }
    }

    /** The MPJ backend with static placement: step n&lt;i&gt; of the one phase runs on rank i mod size. */
    private static void dispatch(int rank, int size, Options o, String label) throws Exception {
        BackendProvider provider = new MpjBackendProvider();
        Object options = provider.options();
        new CommandLine(options).parseArgs("--mpj-static");
        PreparedPipeline prepared = PreparedPipeline.prepare(new NoOpPipeline().define(),
                MpjRoundTrip.class.getClassLoader(), o.cache);
        try (Backend backend = provider.open(new BackendContext(options, 1, false))) {
            if (!backend.isCoordinator()) {
                backend.serve(new WorkerSession(prepared));
                return;
            }
            prepared.layout().create();
            DispatchCheck d = DispatchCheck.over(backend.start(new RunSession(prepared,
                    new PipelineSource(NoOpPipeline.class.getName(), List.of()))));
            boolean finished = false;
            try {
                for (int w = 0; w < size; w++) {
                    long[] t = new long[o.iterations];
                    for (int i = 0; i < o.warmup + o.iterations; i++) {
                        long t0 = System.nanoTime();
                        int ran = rankOf(DispatchCheck.status(d.roundTrip(w, w)).worker());
                        long dt = System.nanoTime() - t0;
                        if (ran != w) {
                            throw new IllegalStateException("step " + NoOpPipeline.name(w) + " ran on rank " + ran
                                    + ", not " + w);
                        }
                        if (i >= o.warmup) {
                            t[i - o.warmup] = dt;
                        }
                    }
                    report(w == 0 ? "dispatch-local" : "dispatch", label + " worker=" + w, t);
                }
                if (size > 2) {
                    long[] t = new long[o.iterations];
                    for (int i = 0; i < o.warmup + o.iterations; i++) {
                        long t0 = System.nanoTime();
                        for (int w = 1; w < size; w++) {
                            d.send(w, w);
                        }
                        for (int w = 1; w < size; w++) {
                            d.awaitDone();
                        }
                        if (i >= o.warmup) {
                            t[i - o.warmup] = System.nanoTime() - t0;
                        }
                    }
                    report("dispatch-all", label + " workers=" + (size - 1), t);
                }
                d.transport().finish();
                finished = true;
            } finally {
                if (!finished) {
                    d.transport().abort("the benchmark failed on rank 0", 1);
                }
            }
            DispatchCheck.checkResults(prepared, size);
        }
    }

    /** {@code mpj:rank-3} -> 3. */
    private static int rankOf(String worker) {
        return Integer.parseInt(worker.substring(worker.lastIndexOf('-') + 1));
    }

    private static void report(String kind, String label, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(Double.NaN) / 1e3;
        System.out.printf(Locale.ROOT, "mpj-roundtrip kind=%s %s n=%d meanUs=%.1f medianUs=%.1f p90Us=%.1f%n",
                kind, label, s.length, mean, s[s.length / 2] / 1e3, s[(int) (s.length * 0.9)] / 1e3);
        System.out.flush();
    }

    /** {@code cache} null: the ping-pong alone. */
    private record Options(Path cache, int warmup, int iterations) {
        static Options parse(String[] args) {
            Path cache = null;
            boolean pingPongOnly = false;
            int warmup = 200;
            int iterations = 1000;
            int i = 0;
            while (i < args.length) {
                String option = args[i++];
                if (option.equals("--pingpong-only")) {
                    pingPongOnly = true;
                    continue;
                }
                if (i >= args.length) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                String value = args[i++];
                switch (option) {
                    case "--cache" -> cache = Path.of(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--iterations" -> iterations = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + option
                            + " (expected --cache DIR or --pingpong-only, --warmup N, --iterations N)");
                }
            }
            if ((cache == null) != pingPongOnly || warmup < 0 || iterations < 1 || iterations > 1_000_000) {
                throw new IllegalArgumentException("need --cache DIR or --pingpong-only (not both), --warmup >= 0 and"
                        + " 1 <= --iterations <= 1000000");
            }
            return new Options(cache, warmup, iterations);
        }
    }
}
