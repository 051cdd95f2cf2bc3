package dev.phasor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.cache.CacheLayout;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults: a crash between writing a result's bytes and renaming them into place. The writer's
 * temporary file ({@code .<step>.step.<random>.tmp}) holds every byte of the result, the real name none:
 * the crash happened after a {@code --rerun} deleted the old result, before its status. Readers never take
 * the temporary file for a result; the next run removes it and runs the step again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptedWriteTest {

    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @TempDir
    Path root;

    static int counted(String step, int value) {
        RUNS.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
        return value;
    }

    private static Pipeline pipeline() {
        PipelineBuilder p = Pipeline.builder("torn");
        Step<Integer> a = p.step("a", Params.of("x", 6), ps -> counted("a", ps.getInt("x")));
        Step<Integer> b = p.step("b", Params.of("x", 7), a, (ps, va) -> counted("b", va * ps.getInt("x")));
        p.step("c", b, vb -> counted("c", vb + 1));
        return p.build();
    }

    @Test
    void aTemporaryFileLeftBeforeItsRenameIsNeverReadAndIsRemovedByTheNextRunWhichRecomputesTheStep()
            throws Exception {
        RUNS.clear();
        assertEquals(ExitCodes.OK, Phasor.runner().cache(root).run(pipeline()).exitCode());
        CacheLayout layout = new CacheLayout(root, "torn");
        Path result = layout.resultFile("b");
        byte[] whole = Files.readAllBytes(result);
        // the state a writer killed between its bytes and its rename leaves: a full temporary file, no result
        Path torn = layout.dir().resolve(".b.step.5eed0fcafe.tmp");
        Files.write(torn, whole);
        Files.delete(result);
        Path tornStatus = layout.dir().resolve(".b.status.5eed0fcafe.tmp");
        Files.write(tornStatus, "{\"step\":\"b\",\"sta".getBytes()); // a status cut off mid-write, too

        Outcome shown = InProcessCli.phasor("result", "--cache", root.toString(), "--pipeline", "torn", "b");
        assertEquals(ExitCodes.STEP_FAILED, shown.code(), shown::toString);
        assertTrue(shown.err().contains("step 'b' has no result"), shown::toString);
        Outcome status = InProcessCli.phasor("status", "--cache", root.toString(), "--pipeline", "torn");
        assertFalse(status.out().contains(".tmp"), () -> "status lists no temporary file:\n" + status);

        RunReport rerun = Phasor.runner().cache(root).run(pipeline());

        assertEquals(ExitCodes.OK, rerun.exitCode());
        assertEquals(42, rerun.result("b"));
        assertEquals(43, rerun.result("c"));
        assertEquals(1, RUNS.get("a").get(), "a's result was whole: not recomputed");
        assertEquals(2, RUNS.get("b").get(), "b had no result: recomputed");
        assertTrue(Files.exists(result));
        try (Stream<Path> files = Files.list(layout.dir())) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "temporary files removed");
        }
    }
}
