package dev.phasor.bench.jmh;

import dev.phasor.backend.LocalBackend;
import dev.phasor.backend.RunSession;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.transport.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The local backend's dispatch: {@code submit} a no-op step to the thread pool, {@code poll} its report.
 * The worker side is the real {@code StepExecutor}: it deletes the old result, runs the step, writes the
 * result file and the status file. {@code roundTrip} is one step at a time; {@code inFlight} submits all
 * {@value NoOpPipeline#STEPS} steps, then takes their reports (time per step).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LocalDispatchBench {

    @Param({"1", "2"})
    public int threads;

    private Path cache;
    private PreparedPipeline prepared;
    private LocalBackend backend;
    private DispatchCheck dispatcher;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        cache = Files.createTempDirectory("phasor-jmh-local-");
        prepared = PreparedPipeline.prepare(new NoOpPipeline().define(), LocalDispatchBench.class.getClassLoader(), cache);
        prepared.layout().create();
        backend = new LocalBackend(threads);
        dispatcher = DispatchCheck.over(backend.start(new RunSession(prepared,
                new PipelineSource(NoOpPipeline.class.getName(), List.of()))));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dispatcher.transport().finish();
        backend.close();
        DispatchCheck.checkResults(prepared, NoOpPipeline.STEPS);
        DispatchCheck.deleteTree(cache);
    }

    @Benchmark
    public Report roundTrip() throws InterruptedException {
        return dispatcher.roundTrip(1);
    }

    @Benchmark
    @OperationsPerInvocation(NoOpPipeline.STEPS)
    public void inFlight() throws InterruptedException {
        dispatcher.inFlight(NoOpPipeline.STEPS);
    }
}
