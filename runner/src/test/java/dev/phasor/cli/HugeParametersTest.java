package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.InProcessCli.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.2: huge parameters get a clear error or a correct run, never an OutOfMemoryError, a stack overflow or
 * a hang (each test is bounded in time; the test JVM has a 2 GiB heap).
 */
class HugeParametersTest {

    @TempDir
    Path tmp;

    static int length(Params p) {
        return p.getString("s").length();
    }

    static int size(Params p) {
        return p.get("xs", List.class).size();
    }

    static int one(Params p) {
        return 1;
    }

    public static final class HundredMegabyteString implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("huge");
            p.step("a", Params.of("s", "x".repeat(100_000_000)), HugeParametersTest::length);
            return p.build();
        }
    }

    public static final class MillionElementList implements PipelineDefinition {
        @Override
        public Pipeline define() {
            List<Integer> xs = new ArrayList<>(1_000_000);
            for (int i = 0; i < 1_000_000; i++) {
                xs.add(i);
            }
            PipelineBuilder p = Pipeline.builder("huge");
            p.step("a", Params.of("xs", xs), HugeParametersTest::size);
            return p.build();
        }
    }

    public static final class DeeplyNested implements PipelineDefinition {
        @Override
        public Pipeline define() {
            Object nested = List.of(1);
            for (int i = 0; i < 100_000; i++) {
                nested = List.of(nested);
            }
            PipelineBuilder p = Pipeline.builder("huge");
            p.step("a", Params.of("deep", nested), HugeParametersTest::one);
            return p.build();
        }
    }

    private Outcome run(Class<?> definition) {
        return CliTest.phasor("run", definition.getName(), "--cache", tmp.resolve("cache").toString(), "-q");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void hundredMegabyteStringParameterIsRefusedNamingIt() {
        Outcome o = run(HundredMegabyteString.class);
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("parameter 's' of step 'a'") && o.err().contains("too large"), o.err());
        assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("cache")), "nothing written");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void millionElementListParameterRunsCorrectlyAndResumes() {
        Outcome o = run(MillionElementList.class);
        assertEquals(ExitCodes.OK, o.code(), o::toString);
        Outcome value = CliTest.phasor("result", "--cache", tmp.resolve("cache").toString(), "a");
        assertEquals("1000000", value.out().strip(), value::toString);
        Outcome again = run(MillionElementList.class);
        assertEquals(ExitCodes.OK, again.code(), again::toString);
        assertTrue(again.out().contains("0 ran, 1 cached"), again::toString);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void deeplyNestedParameterIsRefusedNamingIt() {
        Outcome o = run(DeeplyNested.class);
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("parameter 'deep' of step 'a'") && o.err().contains("nested"), o.err());
        assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
    }
}
