package dev.phasor.cluster.mpj;

import dev.phasor.testkit.BackendContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend contract on real MPJ Express jobs, niodev device (a JVM per rank through one daemon, started
 * and stopped by PID), two ranks; each job time-limited. Tagged {@code long} like the other niodev tests.
 */
@Tag("long")
@Timeout(900)
class MpjNiodevContractTest extends BackendContract {

    private static final int JOB_LIMIT_SECONDS = 120;

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
}
