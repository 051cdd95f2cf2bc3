package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.testkit.BackendContract;
import dev.phasor.testkit.Sleepy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend contract on real MPJ Express jobs, niodev device (a JVM per rank through one daemon, started
 * and stopped by PID), two ranks; each job time-limited. In the default run (about 90 s): the contract holds on
 * every backend form in CI. A worker is killed as a user would lose one: its rank's JVM, with SIGKILL.
 */
@Timeout(900)
class MpjNiodevContractTest extends BackendContract {

    private static final int JOB_LIMIT_SECONDS = 120;
    private static final String EXECUTIONS = "-Dphasor.test.executions=";

    @RegisterExtension
    static final MpjDaemon DAEMON = new MpjDaemon();

    @Override
    protected int run(Class<?> pipeline, Path cache, List<String> properties, String... args) throws Exception {
        List<String> options = DAEMON.options("niodev", 2, JOB_LIMIT_SECONDS - 20, properties.toArray(String[]::new));
        List<String> runArgs = new ArrayList<>(List.of("--cache", cache.toString()));
        runArgs.addAll(List.of(args));
        return DAEMON.launcher().start(work, options, List.of(), pipeline.getName(), runArgs.toArray(String[]::new))
                .await(JOB_LIMIT_SECONDS).exitCode();
    }

    /** Kills rank 1's JVM once a step started in it; rank 0 (found by its pid marker) goes on alone. */
    @Override
    protected Killed runKillingAWorker(Path cache, List<String> properties) throws Exception {
        List<String> options = DAEMON.options("niodev", 2, JOB_LIMIT_SECONDS - 20, properties.toArray(String[]::new));
        MpjLauncher.Running job = DAEMON.launcher().start(work, options, List.of(), Sleepy.class.getName(),
                "--cache", cache.toString());
        long coordinator = job.rankPid(0, 60);
        Path executions = Path.of(properties.stream().filter(p -> p.startsWith(EXECUTIONS)).findFirst()
                .orElseThrow().substring(EXECUTIONS.length()));
        long worker = awaitStepStartedIn(executions, pid -> pid != coordinator, Duration.ofSeconds(60));
        MpjLauncher.sendSignal(worker, "KILL");
        MpjLauncher.Result result = job.await(JOB_LIMIT_SECONDS);
        assertTrue(result.err().contains("rank 1 was lost mid-run: rank 0 went on without it"), result::toString);
        assertTrue(ProcessHandle.of(worker).isEmpty() || !ProcessHandle.of(worker).get().isAlive());
        return new Killed(result.exitCode(), worker);
    }
}
