package dev.phasor.cluster.mpj;

import dev.phasor.testkit.BackendContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** The backend contract on real MPJ Express jobs, multicore device, three ranks; each job time-limited. */
@Timeout(600)
class MpjMulticoreContractTest extends BackendContract {

    private static final int JOB_LIMIT_SECONDS = 90;

    @Override
    protected int run(Class<?> pipeline, Path cache, List<String> properties, String... args) throws Exception {
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());
        List<String> options = MpjLauncher.jobOptions("multicore", 3, JOB_LIMIT_SECONDS - 20, 0,
                properties.toArray(String[]::new));
        List<String> runArgs = new ArrayList<>(List.of("--cache", cache.toString()));
        runArgs.addAll(List.of(args));
        return launcher.start(work, options, List.of(), pipeline.getName(), runArgs.toArray(String[]::new))
                .await(JOB_LIMIT_SECONDS).exitCode();
    }
}
