package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A pipeline whose definition a test changes between runs, in every JVM of a run alike, by rewriting the
 * properties file named by the system property {@code phasor.test.evolving} (defaults when unset):
 * <pre>
 * base(scale) = 10 * scale ──► mid = base + 1 ──┬──► tail = mid + flaky   (absent with drop_tail=true)
 * side = 5 ──► flaky = 2 * side ────────────────┘     extra = mid * 100   (present with extra=true)
 * </pre>
 * {@code flaky} reads {@code fail} when it runs (not when the pipeline is built, so its key does not
 * depend on it) and throws while it is true.
 */
public final class Evolving implements PipelineDefinition {

    /** The value of {@code tail} for {@code scale}. */
    public static int expectedTail(int scale) {
        return 10 * scale + 1 + 10;
    }

    static Properties settings() {
        Properties p = new Properties();
        String file = System.getProperty("phasor.test.evolving");
        if (file != null && Files.exists(Path.of(file))) {
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    /** Writes the settings file a test hands every JVM as {@code -Dphasor.test.evolving=FILE}. */
    public static void write(Path file, String... keyValues) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            text.append(keyValues[i]).append('=').append(keyValues[i + 1]).append('\n');
        }
        Files.writeString(file, text);
    }

    static int base(Params p) {
        return 10 * p.getInt("scale");
    }

    static int flaky(int side) {
        if (Boolean.parseBoolean(settings().getProperty("fail", "false"))) {
            throw new IllegalStateException("flaky fails while fail=true");
        }
        return 2 * side;
    }

    @Override
    public Pipeline define() {
        Properties s = settings();
        PipelineBuilder p = Pipeline.builder("evolving");
        Step<Integer> base = p.step("base", Params.of("scale", Integer.parseInt(s.getProperty("scale", "1"))),
                Evolving::base);
        Step<Integer> mid = p.step("mid", base, x -> x + 1);
        Step<Integer> side = p.step("side", () -> 5);
        Step<Integer> flaky = p.step("flaky", side, Evolving::flaky);
        if (!Boolean.parseBoolean(s.getProperty("drop_tail", "false"))) {
            p.step("tail", mid, flaky, Integer::sum);
        }
        if (Boolean.parseBoolean(s.getProperty("extra", "false"))) {
            p.step("extra", mid, x -> x * 100);
        }
        return p.build();
    }
}
