package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Trio;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7.2: every definition error and every bad command-line argument, run against a cache that already
 * holds a finished run of the same pipeline: the exact exit code, a message naming the problem, and not
 * one byte of the cache changed.
 */
class BadInputCliTest {

    @TempDir
    Path tmp;
    Path cache;
    CacheSnapshot before;

    @BeforeEach
    void finishedRun() {
        cache = tmp.resolve("cache");
        Outcome ok = CliTest.phasor("run", Trio.class.getName(), "--cache", cache.toString(), "-q");
        assertEquals(ExitCodes.OK, ok.code(), ok::toString);
        CacheSnapshot.ageAll(cache);
        before = CacheSnapshot.of(cache);
        assertTrue(before.size() > 5, "the finished run left its files");
    }

    // --- definition errors: pipelines named "trio", like the cached one, so a write would hit its files ---

    static int one() {
        return 1;
    }

    static int inc(int x) {
        return x + 1;
    }

    public static final class DuplicateName implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("a", BadInputCliTest::one);
            p.step("a", Params.of("x", 2), q -> 2);
            return p.build();
        }
    }

    public static final class Cycle implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            Step<Integer> a = p.step("a", BadInputCliTest::one);
            Step<Integer> b = p.step("b", a, BadInputCliTest::inc);
            Step<Integer> c = p.step("c", b, BadInputCliTest::inc);
            a.after(c);
            return p.build();
        }
    }

    public static final class UnknownUpstream implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("a", BadInputCliTest::one).after("nosuch");
            return p.build();
        }
    }

    public static final class ForeignStep implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder other = Pipeline.builder("other");
            Step<Integer> theirs = other.step("theirs", BadInputCliTest::one);
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("a", theirs, BadInputCliTest::inc);
            return p.build();
        }
    }

    public static final class BadStepName implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("../escape", BadInputCliTest::one);
            return p.build();
        }
    }

    public static final class BadPipelineName implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("../trio");
            p.step("a", BadInputCliTest::one);
            return p.build();
        }
    }

    public static final class NegativeRetries implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("a", BadInputCliTest::one).retries(-1);
            return p.build();
        }
    }

    public static final class ZeroTimeout implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("a", BadInputCliTest::one).timeout(Duration.ZERO);
            return p.build();
        }
    }

    public static final class NegativeBackoff implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("a", BadInputCliTest::one).retries(1).backoff(Duration.ofSeconds(-1));
            return p.build();
        }
    }

    public static final class NotPlainParameter implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.step("a", Params.of("lock", new Object()), q -> 1);
            return p.build();
        }
    }

    /** A result type Kryo cannot register without opening java.util (see STACK-NOTES). */
    public static final class UnregistrableType implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("trio");
            p.register(UUID.class);
            p.step("a", BadInputCliTest::one);
            return p.build();
        }
    }

    public static final class Empty implements PipelineDefinition {
        @Override
        public Pipeline define() {
            return Pipeline.builder("trio").build();
        }
    }

    public static final class ThrowsInDefine implements PipelineDefinition {
        @Override
        public Pipeline define() {
            throw new IllegalStateException("config file /etc/nowhere.conf is missing");
        }
    }

    public static final class FailsToInitialise implements PipelineDefinition {
        static final int VALUE = Integer.parseInt("not a number");

        @Override
        public Pipeline define() {
            return Pipeline.builder("trio").build();
        }
    }

    static List<Arguments> definitionErrors() {
        return List.of(
                Arguments.of(DuplicateName.class, "duplicate step name 'a'"),
                Arguments.of(Cycle.class, "cycle: a -> b -> c -> a"),
                Arguments.of(UnknownUpstream.class, "unknown step 'nosuch'"),
                Arguments.of(ForeignStep.class, "'theirs', which belongs to another pipeline"),
                Arguments.of(BadStepName.class, "invalid step name '../escape'"),
                Arguments.of(BadPipelineName.class, "invalid pipeline name '../trio'"),
                Arguments.of(NegativeRetries.class, "step 'a': retries must be 0 or more, got -1"),
                Arguments.of(ZeroTimeout.class, "step 'a': timeout must be positive"),
                Arguments.of(NegativeBackoff.class, "step 'a': backoff must not be negative"),
                Arguments.of(NotPlainParameter.class, "parameter 'lock'"),
                Arguments.of(UnregistrableType.class, "java.util.UUID"),
                Arguments.of(Empty.class, "pipeline 'trio' has no steps"),
                Arguments.of(ThrowsInDefine.class, "define() threw java.lang.IllegalStateException: config file"),
                Arguments.of(FailsToInitialise.class, "failed to initialise"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitionErrors")
    void definitionErrorExitsWithTwoNamingItAndWritesNothing(Class<?> definition, String named) {
        for (String command : List.of("run", "plan", "graph")) {
            Outcome o = CliTest.phasor(command, definition.getName(), "--cache", cache.toString());
            assertEquals(ExitCodes.USAGE, o.code(), () -> command + ": " + o);
            assertTrue(o.err().contains(named), () -> command + ": " + o.err());
            assertFalse(o.err().contains("\tat "), () -> "a clear message, not a stack trace: " + o.err());
            before.assertUnchanged();
        }
    }

    // --- bad command-line arguments ---

    static List<Arguments> badArguments() {
        String trio = Trio.class.getName();
        return List.of(
                Arguments.of(List.of("run", trio, "--no-such-option"), ExitCodes.USAGE, "--no-such-option"),
                Arguments.of(List.of("run", trio, "--threads"), ExitCodes.USAGE, "--threads"),
                Arguments.of(List.of("run", trio, "--threads", "many"), ExitCodes.USAGE, "'many'"),
                Arguments.of(List.of("run", trio, "--threads", "-3"), ExitCodes.USAGE, "--threads"),
                Arguments.of(List.of("run", trio, "--threads", "99999999999"), ExitCodes.USAGE, "99999999999"),
                Arguments.of(List.of("run", "no.such.Pipeline"), ExitCodes.USAGE, "'no.such.Pipeline' not found"),
                Arguments.of(List.of("run", "java.lang.String"), ExitCodes.USAGE, "PipelineDefinition"),
                Arguments.of(List.of("run", trio, "--backend", "carrier-pigeon"), ExitCodes.USAGE,
                        "unknown backend 'carrier-pigeon'"),
                Arguments.of(List.of("run", trio, "--progress", "loud"), ExitCodes.USAGE, "--progress"),
                Arguments.of(List.of("run", trio, "--rerun", "nosuch"), ExitCodes.USAGE, "nosuch"),
                Arguments.of(List.of("run", trio, "--until", "zz*"), ExitCodes.USAGE, "zz*"),
                Arguments.of(List.of("run", trio, "--quiet", "--verbose"), ExitCodes.USAGE, "--quiet"),
                Arguments.of(List.of("status", "--pipeline", "nosuch"), ExitCodes.USAGE, "no pipeline 'nosuch'"),
                Arguments.of(List.of("status", "--pipeline"), ExitCodes.USAGE, "--pipeline"),
                Arguments.of(List.of("result", "nosuch"), ExitCodes.USAGE, "no step 'nosuch'"),
                Arguments.of(List.of("result"), ExitCodes.USAGE, "STEP"),
                Arguments.of(List.of("explain", "nosuch"), ExitCodes.USAGE, "nosuch"),
                Arguments.of(List.of("graph", "--format", "png"), ExitCodes.USAGE, "png"),
                Arguments.of(List.of("times", "--sort", "colour"), ExitCodes.USAGE, "colour"),
                Arguments.of(List.of("times", "--group-by", "("), ExitCodes.USAGE, "--group-by"),
                Arguments.of(List.of("run", trio, "--classpath", "/no/such.jar"), ExitCodes.USAGE, "/no/such.jar"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentExitsWithItsCodeNamingItAndWritesNothing(List<String> args, int code, String named) {
        List<String> argv = new ArrayList<>(args);
        if (!argv.contains("--cache")) {
            argv.add(1, "--cache");
            argv.add(2, cache.toString());
        }
        Outcome o = CliTest.phasor(argv.toArray(String[]::new));
        assertEquals(code, o.code(), o::toString);
        assertTrue(o.err().contains(named), () -> "message names " + named + ": " + o.err());
        before.assertUnchanged();
    }

    @Test
    void unknownCommandAndNoCommandExitWithTwo() {
        Outcome none = CliTest.phasor();
        assertEquals(ExitCodes.USAGE, none.code(), none::toString);
        Outcome unknown = CliTest.phasor("frobnicate", "--cache", cache.toString());
        assertEquals(ExitCodes.USAGE, unknown.code(), unknown::toString);
        assertTrue(unknown.err().contains("frobnicate"), unknown.err());
        before.assertUnchanged();
    }
}
