package dev.phasor.cli;

import static dev.phasor.testkit.FileModes.assertModes;
import static dev.phasor.testkit.FileModes.mode;
import static dev.phasor.testkit.FileModes.octal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import dev.phasor.cache.CacheReader;
import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.FileModes;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, point 3: {@code run --cache-mode private|group|umask} gives every file and directory a run creates in
 * the cache that mode, from its creation: results, statuses, logs (of failed steps too), the schema, summary,
 * report, manifests, lock, output folders, and the temporary files a shell step's output waits in.
 */
class CacheModeCliTest {

    /** Output folders: Phasor creates them, the files inside are the step's own (its umask's). */
    private static final Set<String> OUTPUT_PARENTS = Set.of("files", "previous");

    @TempDir
    Path tmp;

    private Path cache;

    @BeforeEach
    void cacheRootPhasorCreates() {
        FileModes.assumeUnixModes(tmp);
        cache = tmp.resolve("cache"); // does not exist yet: the run creates it, with the mode
    }

    /**
     * Every kind of file a run writes: a result, an output folder, a shell step (whose result is the mode of its
     * capture files, read while they exist), a failed step that printed, a retried failure that printed nothing
     * (its log holds only Phasor's retry note), and a skipped step.
     */
    public static final class Modes implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("modes");
            Step<Integer> writer = p.step("writer", () -> {
                System.out.println("writing part.txt");
                try {
                    Files.writeString(StepContext.current().outputDir().resolve("part.txt"), "part");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return 1;
            });
            p.shell("capture", "stat -c %a \"$PHASOR_CACHE_DIR\"/logs/.capture.out.*.tmp"
                    + " \"$PHASOR_CACHE_DIR\"/logs/.capture.err.*.tmp");
            Step<Integer> noisy = p.step("noisy_failure", writer, x -> {
                System.out.println("about to fail");
                throw new IllegalStateException("noisy failure");
            });
            p.step("quiet_failure", () -> {
                throw new IllegalStateException("quiet failure");
            }).retries(1);
            p.step("after_failure", noisy, x -> x + 1);
            return p.build();
        }
    }

    private Outcome run(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("run", Modes.class.getName(), "--cache",
                cache.toString(), "-q", "--threads", "2"));
        args.addAll(List.of(options));
        Outcome o = InProcessCli.phasor(args.toArray(String[]::new));
        assertEquals(ExitCodes.STEP_FAILED, o.code(), o::toString);
        return o;
    }

    /** The modes of everything under the cache root (the root included), output folders' contents aside. */
    private Map<String, Integer> modes() {
        Map<String, Integer> modes = FileModes.under(cache, dir -> dir.getParent() != null
                && OUTPUT_PARENTS.contains(dir.getParent().getFileName().toString()));
        for (String expected : List.of("", "modes", "modes/pipeline.schema", "modes/.lock", "modes/writer.step",
                "modes/writer.status", "modes/capture.step", "modes/noisy_failure.status", "modes/quiet_failure.status",
                "modes/after_failure.status", "modes/logs", "modes/logs/writer.log", "modes/logs/noisy_failure.log",
                "modes/logs/quiet_failure.log", "modes/files", "modes/files/writer", "modes/pipeline.summary",
                "modes/report.html", "modes/runs", "modes/runs/latest.json")) {
            assertTrue(modes.containsKey(expected), () -> expected + " missing from " + FileModes.octalModes(modes));
        }
        return modes;
    }

    /** The modes the capture step saw on its temporary output files, as {@code stat -c %a} prints them. */
    private String captureFileModes() {
        return ((ShellResult) CacheReader.open(cache, "modes").result("capture")).text().strip();
    }

    @Test
    void privateModeMakesEveryFileOwnerOnlyAndEveryDirectoryOwnerOnly() {
        run("--cache-mode", "private");
        assertModes(cache, modes(), 0600, 0700);
        assertEquals("600\n600", captureFileModes(), "the shell step's output waits in files of the mode too");
    }

    @Test
    void groupModeGivesTheGroupFilesAndDirectoriesThatKeepTheirGroup() {
        run("--cache-mode", "GROUP");
        assertModes(cache, modes(), 0660, 02770);
        assertEquals("660\n660", captureFileModes());
    }

    @Test
    void theDefaultIsWhatTheUmaskGivesForEveryFileAlike() throws IOException {
        int umask = FileModes.umask();
        run();
        assertModes(cache, modes(), 0666 & ~umask, 0777 & ~umask);
        // before --cache-mode the capture files were Files.createTempFile's 0600 whatever the umask
        String file = Integer.toOctalString(0666 & ~umask);
        assertEquals(file + "\n" + file, captureFileModes());
        // the same as a file created without Phasor, which the umask alone decides
        Path reference = Files.createFile(tmp.resolve("reference"));
        assertEquals(octal(mode(reference)), octal(mode(cache.resolve("modes/writer.step"))));
    }

    @Test
    void aRerunAndAResumeKeepTheMode() {
        run("--cache-mode", "private");
        run("--cache-mode", "private"); // resumes: the failures run again, done steps are reused
        run("--cache-mode", "private", "--rerun", "writer"); // its folder goes aside to previous/ meanwhile
        Map<String, Integer> modes = modes();
        assertTrue(modes.containsKey("modes/previous"), () -> FileModes.octalModes(modes).toString());
        assertTrue(Files.exists(cache.resolve("modes/files/writer/part.txt")));
        assertModes(cache, modes, 0600, 0700);
    }

    @Test
    void aFailedStepsStatusAndLogGetTheModeAsDoneOnes() throws IOException {
        run("--cache-mode", "private");
        Path dir = cache.resolve("modes");
        for (String file : List.of("noisy_failure.status", "logs/noisy_failure.log", "quiet_failure.status",
                "logs/quiet_failure.log", "after_failure.status")) {
            assertEquals(octal(0600), octal(mode(dir.resolve(file))), file);
        }
        assertTrue(Files.readString(dir.resolve("logs/quiet_failure.log")).contains("[phasor] attempt 1 failed"),
                "the retry note created the log of a step that printed nothing");
    }

    @Test
    void reportWritesTheReportWithTheModeAskedFor() {
        run();
        Outcome report = InProcessCli.phasor("report", "--cache", cache.toString(), "--cache-mode", "private");
        assertEquals(ExitCodes.OK, report.code(), report::toString);
        assertEquals(octal(0600), octal(mode(cache.resolve("modes/report.html"))));
    }

    @Test
    void anUnknownModeIsAUsageErrorListingTheValidOnes() {
        Outcome o = InProcessCli.phasor("run", Modes.class.getName(), "--cache", cache.toString(), "--cache-mode",
                "world");
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("--cache-mode") && o.err().contains("umask, private, group")
                && o.err().contains("'world'"), o::toString);
        assertTrue(Files.notExists(cache), "nothing written");
    }
}
