package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.support.Chromium;
import dev.phasor.support.DashboardPage;
import dev.phasor.support.LiveBrowser;
import dev.phasor.support.LiveRun;
import dev.phasor.testkit.Watched;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 on MPJ Express: {@code bin/mpjrun.sh -np 3 ... --dashboard=0} (multicore, real ranks); only rank 0
 * serves the page, once, and headless Chromium sees steps change state on it while the job goes on, the
 * ranks' lanes in the task stream and the failed step's error and log tail.
 */
@Timeout(300)
class MpjDashboardChromiumTest {

    private static final int JOB_LIMIT_SECONDS = 200;
    private static final int RANKS = 3;

    @TempDir
    Path work;

    @Test
    void rankZeroServesALivePageOfTheJob() throws Exception {
        Chromium chromium = Chromium.require();
        MpjLauncher launcher = new MpjLauncher(MpjLauncher.findRepo());
        Path cache = work.resolve("cache");
        List<String> options = MpjLauncher.jobOptions("multicore", RANKS, JOB_LIMIT_SECONDS - 30, 0,
                "-Dphasor.test.sleepMs=1500");
        MpjLauncher.Running job = launcher.start(work, options, List.of(), Watched.class.getName(), "--cache",
                cache.toString(), "--progress", "plain", "--dashboard=0");
        URI url = LiveRun.awaitUrl(job::outSoFar, 120, job::outSoFar);
        try (LiveBrowser page = LiveBrowser.open(chromium, url, work, 1280, 1200)) {
            DashboardPage dash = new DashboardPage(page, Duration.ofSeconds(120));
            dash.seesStepWaitThenFinish("square_5");
            dash.await(DashboardPage.cell("total") + " === 'done'", "total done");
            dash.await("document.querySelectorAll('svg.gantt g.lane').length >= 2", "steps ran on several ranks");
            String lanes = String.join(" ", dash.lanes());
            assertTrue(lanes.matches("mpj:rank-\\d( mpj:rank-\\d)+"), "one lane per rank that ran steps: " + lanes);
            dash.showsFailure("broken", "java.lang.IllegalStateException: " + Watched.MESSAGE,
                    "reading record " + Watched.LOG_LINES);
        }
        MpjLauncher.Result result = job.await(JOB_LIMIT_SECONDS);
        assertEquals(ExitCodes.STEP_FAILED, result.exitCode(), result::toString);
        Matcher m = Pattern.compile("(?m)^dashboard: ").matcher(result.out());
        int served = 0;
        while (m.find()) {
            served++;
        }
        assertEquals(1, served, "only rank 0 serves the dashboard\n" + result);
    }
}
