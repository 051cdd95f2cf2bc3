package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.phasor.api.CacheAccessException;
import dev.phasor.cli.Cli;
import dev.phasor.exec.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * Issue 7.3: the schema parser fuzzed with Jazzer, and every read-only command behind it.
 *
 * <p>The default test run replays the stored inputs (seeds and every crash found so far) from
 * {@code src/test/resources/dev/phasor/cache/SchemaFileFuzzTestInputs/<method>/}; {@code -Pfuzz}
 * (scripts/fuzz.sh) generates new ones. The contract: any bytes as {@code pipeline.schema} are read or refused
 * with {@link CacheAccessException} (exit 3); no command that reads a cache ends with an internal error.
 */
class SchemaFileFuzzTest {

    private static final Path ROOT = tempDir();
    private static final Path DIR = ROOT.resolve("fuzzed");

    @FuzzTest(maxDuration = "3m")
    void anySchemaFileIsReadOrRefused(byte[] data) throws IOException {
        Files.write(DIR.resolve("pipeline.schema"), data);
        try {
            SchemaDocument doc = SchemaFile.read(DIR.resolve("pipeline.schema"));
            SchemaFile.firstDifference(doc, doc);
            CacheReader reader = CacheReader.open(ROOT, "fuzzed");
            reader.summary();
            for (String step : reader.steps()) {
                reader.status(step);
            }
        } catch (CacheAccessException refused) {
            // the one way a damaged schema may be refused
        }
    }

    /** Slower (a whole command line per input, about 5 inputs/s): the read-only commands on any schema. */
    @FuzzTest(maxDuration = "3m")
    void noCommandFailsInternallyOnAnySchemaFile(byte[] data) throws IOException {
        Files.write(DIR.resolve("pipeline.schema"), data);
        // The commands that read a cache (report and run are left out: they write): never exit 70.
        String first = "nostep";
        for (List<String> args : List.of(List.of("status"), List.of("graph"), List.of("times"),
                List.of("explain", first), List.of("result", first))) {
            String[] argv = new java.util.ArrayList<String>(args) {{
                add("--cache");
                add(ROOT.toString());
                add("--pipeline");
                add("fuzzed");
            }}.toArray(String[]::new);
            StringWriter err = new StringWriter();
            CommandLine cl = Cli.commandLine(null);
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(argv);
            assertNotEquals(ExitCodes.INTERNAL, code, () -> String.join(" ", argv) + ": " + err);
        }
    }

    private static Path tempDir() {
        try {
            Path root = Files.createTempDirectory("phasor-fuzz-schema");
            Files.createDirectories(root.resolve("fuzzed"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
