package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.testkit.Vintage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache written by the scheduler before issue 15 (committed under {@code fixtures/vintage-cache}: done,
 * retried, failed, skipped and held steps) still resumes: what was done is reused, the rest runs.
 */
class VintageCacheTest {

    private static final String FIXED = "phasor.test.vintage.fixed";

    @TempDir
    Path cache;

    @BeforeEach
    void copyFixture() throws IOException, URISyntaxException {
        Path fixture = Path.of(VintageCacheTest.class.getResource("/fixtures/vintage-cache").toURI());
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = cache.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(FIXED);
    }

    @Test
    void oldStatusFilesReadWithTheirOutcomes() {
        Path dir = cache.resolve("vintage");
        assertEquals(StepStatus.DONE, StatusFiles.read(dir.resolve("a.status")).status());
        StepStatus flaky = StatusFiles.read(dir.resolve("flaky.status"));
        assertEquals(2, flaky.attempt());
        assertEquals(List.of("failed", "done"), flaky.attempts().stream().map(StepStatus.Attempt::state).toList());
        assertEquals(StepStatus.FAILED, StatusFiles.read(dir.resolve("boom.status")).status());
        assertEquals("boom", StatusFiles.read(dir.resolve("after_boom.status")).blamedStep());
        assertEquals("held by --until later", StatusFiles.read(dir.resolve("later.status")).reason());
    }

    @Test
    void plainRunReusesDoneStepsAndRunsTheRest() {
        RunReport report = Phasor.runner().cache(cache).threads(2).run(Vintage.class);
        for (String done : List.of("a", "b", "flaky")) {
            assertEquals("cached", report.status(done).run(), done);
        }
        assertEquals(2, report.result("a"));
        assertEquals(6, report.result("b"));
        assertEquals(2, report.result("flaky"), "the retried step's result is reused, not run again");
        assertEquals(2, report.status("flaky").attempts().size(), "its attempt history is kept");
        assertEquals(StepStatus.FAILED, report.status("boom").status());
        assertEquals(StepStatus.SKIPPED, report.status("after_boom").status());
        assertEquals(7, report.result("later"));
        assertEquals(2, report.executed(), "only boom and later ran");
    }

    @Test
    void restartFailedRunsOnlyTheFailedAndSkippedSteps() {
        System.setProperty(FIXED, "yes");
        RunReport report = Phasor.runner().cache(cache).threads(2)
                .options(RunOptions.defaults().withRestartFailed(true)).run(Vintage.class);
        assertEquals(40, report.result("boom"));
        assertEquals(42, report.result("after_boom"));
        assertTrue(report.status("later").isUnfinished(), "later never ran: --restart-failed leaves it pending");
        assertEquals("cached", report.status("flaky").run());
        assertEquals(2, report.executed());
        assertEquals(0, report.exitCode());
    }
}
