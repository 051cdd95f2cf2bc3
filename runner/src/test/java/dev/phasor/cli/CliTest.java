package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import dev.phasor.cache.CacheReader;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.support.Compiler;
import dev.phasor.support.StatusJson;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Trio;
import dev.phasor.testkit.Variants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, point 9: the command line, its help and its documented exit codes. */
public class CliTest {

    @TempDir
    Path tmp;

    static Outcome phasor(String... args) {
        return InProcessCli.phasor(args);
    }

    private String cache() {
        return tmp.resolve("cache").toString();
    }

    /** A definition that cannot be built. */
    public static final class Cyclic implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("cyclic");
            Step<Integer> a = p.step("a", () -> 1);
            Step<Integer> b = p.step("b", a, x -> x);
            a.after(b);
            return p.build();
        }
    }

    // --- help and exit codes ---

    @Test
    void everyCommandHasHelp() {
        Outcome root = phasor("--help");
        assertEquals(0, root.code(), root::toString);
        assertTrue(root.out().startsWith("Usage: phasor"), root.out());
        List<String> commands = List.copyOf(Cli.commandLine(null).getSubcommands().keySet());
        assertTrue(commands.containsAll(List.of("run", "plan", "status", "result")), commands.toString());
        for (String command : commands) {
            Outcome help = phasor(command, "--help");
            assertEquals(0, help.code(), () -> command + ": " + help);
            assertTrue(help.out().startsWith("Usage: phasor " + command), () -> command + ": " + help.out());
            assertTrue(help.out().contains("-h, --help"), help.out());
            Outcome shortHelp = phasor(command, "-h");
            assertEquals(help.out(), shortHelp.out());
        }
        assertEquals(0, phasor("--version").code());
    }

    @Test
    void rootHelpDocumentsTheExitCodesExitCodesDefines() {
        String help = phasor("--help").out();
        assertTrue(help.contains("Exit codes:"), help);
        assertTrue(help.contains("  " + ExitCodes.OK + "  every step done"), help);
        assertTrue(help.contains("  " + ExitCodes.STEP_FAILED + "  a step failed"), help);
        assertTrue(help.contains("  " + ExitCodes.USAGE + "  usage error"), help);
        assertTrue(help.contains("  " + ExitCodes.CACHE + "  schema conflict, cache locked"), help);
        assertTrue(help.contains(ExitCodes.INTERRUPTED + "  run interrupted (Ctrl-C)"), help);
        assertEquals(List.of(0, 1, 2, 3), List.of(ExitCodes.OK, ExitCodes.STEP_FAILED, ExitCodes.USAGE, ExitCodes.CACHE));
    }

    @Test
    void usageErrorsExitWithTwo() {
        Outcome none = phasor();
        assertEquals(ExitCodes.USAGE, none.code(), none::toString);
        assertTrue(none.err().contains("missing command"), none.err());
        assertTrue(none.err().contains("serve") && none.err().contains("new"), "every command is named: " + none.err());
        Outcome unknownCommand = phasor("frobnicate");
        assertEquals(ExitCodes.USAGE, unknownCommand.code(), unknownCommand::toString);
        Outcome unknownOption = phasor("run", Trio.class.getName(), "--cache", cache(), "--no-such-option");
        assertEquals(ExitCodes.USAGE, unknownOption.code(), unknownOption::toString);
        Outcome noClass = phasor("run", "--cache", cache());
        assertEquals(ExitCodes.USAGE, noClass.code(), noClass::toString);
        assertTrue(noClass.err().contains("missing pipeline class"), noClass.err());
        Outcome zeroThreads = phasor("run", Trio.class.getName(), "--cache", cache(), "--threads", "0");
        assertEquals(ExitCodes.USAGE, zeroThreads.code(), zeroThreads::toString);
        assertTrue(zeroThreads.err().contains("--threads"), zeroThreads.err());
        Outcome unknownBackend = phasor("run", Trio.class.getName(), "--cache", cache(), "--backend", "carrier-pigeon");
        assertEquals(ExitCodes.USAGE, unknownBackend.code(), unknownBackend::toString);
        assertTrue(unknownBackend.err().contains("unknown backend 'carrier-pigeon'; available: [local"),
                unknownBackend.err());
    }

    @Test
    void unknownPipelineClassExitsWithTwoAndSaysSo() {
        Outcome o = phasor("run", "no.such.Pipeline", "--cache", cache());
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("pipeline class 'no.such.Pipeline' not found on the classpath"), o.err());
        assertTrue(o.err().contains("--classpath"), o.err());
        Outcome plan = phasor("plan", "no.such.Pipeline", "--cache", cache());
        assertEquals(ExitCodes.USAGE, plan.code(), plan::toString);
    }

    @Test
    void classThatIsNotAPipelineDefinitionExitsWithTwo() {
        Outcome o = phasor("run", "java.lang.String", "--cache", cache());
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("does not implement dev.phasor.api.PipelineDefinition"), o.err());
    }

    @Test
    void invalidDefinitionExitsWithTwoNamingTheProblem() {
        Outcome o = phasor("run", Cyclic.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("cycle: a -> b -> a"), o.err());
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing is written for an invalid definition");
    }

    // --- run ---

    @Test
    void runPrintsPhasesAndSummaryThenResumes() {
        Outcome first = phasor("run", Trio.class.getName(), "--cache", cache(), "--threads", "2");
        assertEquals(ExitCodes.OK, first.code(), first::toString);
        assertTrue(first.out().contains("phase 0: 2 steps (2 to run, 0 cached, 0 skipped)"), first.out());
        assertTrue(first.out().contains("phase 1: 1 steps (1 to run, 0 cached, 0 skipped)"), first.out());
        assertTrue(first.out().contains("OK: 3 done (3 ran, 0 cached), 0 failed, 0 skipped"), first.out());
        assertTrue(Pattern.compile("(?m)^c\\s+\\{\\}\\s+1\\s+0\\s+done\\s+ran").matcher(first.out()).find(), first.out());
        Outcome second = phasor("run", Trio.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.OK, second.code(), second::toString);
        assertTrue(second.out().contains("OK: 3 done (0 ran, 3 cached)"), second.out());
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(second.out().contains("backend local (" + cores + " at once)"), "default: one per core\n" + second.out());
        Outcome three = phasor("run", Trio.class.getName(), "--cache", cache(), "--threads", "3");
        assertTrue(three.out().contains("backend local (3 at once)"), three.out());
        Outcome quiet = phasor("run", Trio.class.getName(), "--cache", cache(), "-q");
        assertEquals(1, quiet.out().lines().count(), quiet.out());
    }

    @Test
    void runWithAFailedStepExitsWithOne() {
        Outcome o = phasor("run", Failing.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.STEP_FAILED, o.code(), o::toString);
        assertTrue(o.out().contains("FAILED boom"), o.out());
        assertTrue(o.out().contains("boom: this step always fails"), o.out());
        assertTrue(o.out().contains("FAILED: 3 done (3 ran, 0 cached), 1 failed, 3 skipped"), o.out());
    }

    @Test
    void schemaConflictExitsWithThree() {
        assertEquals(ExitCodes.OK, phasor("run", Variants.Base.class.getName(), "--cache", cache()).code());
        Outcome o = phasor("run", Variants.Added.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.CACHE, o.code(), o::toString);
        assertTrue(o.err().contains("step 'extra' was added"), o.err());
    }

    @Test
    void cachePathThatIsARegularFileExitsWithThreeNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        for (String[] args : List.of(
                new String[] {"run", Trio.class.getName(), "--cache", file.toString()},
                new String[] {"plan", Trio.class.getName(), "--cache", file.toString()},
                new String[] {"status", "--cache", file.toString()},
                new String[] {"result", "--cache", file.toString(), "--pipeline", "trio", "c"})) {
            Outcome o = phasor(args);
            assertEquals(ExitCodes.CACHE, o.code(), () -> String.join(" ", args) + ": " + o);
            assertTrue(o.err().contains(file.toString()), () -> String.join(" ", args) + ": " + o.err());
        }
        assertEquals("x", Files.readString(file));
    }

    @Test
    void pipelineMainDefaultsToRun() throws Exception {
        assertEquals(ExitCodes.OK, Phasor.main(Trio.class, "--cache", cache()));
        assertEquals(1.125, CacheReader.open(tmp.resolve("cache"), "trio").result("c"));
        assertEquals(ExitCodes.OK, Phasor.main(Trio.class, "plan", "--cache", cache()));
        assertEquals(ExitCodes.OK, Phasor.main(Trio.class, "--help"));
        assertEquals(ExitCodes.STEP_FAILED, Phasor.main(Failing.class, "run", "--cache", cache()));
        assertEquals(List.of("run", "--cache", "d"), List.of(Cli.withDefaultCommand("X", new String[] {"--cache", "d"})));
        assertEquals(List.of("run"), List.of(Cli.withDefaultCommand("X", new String[0])));
        assertEquals(List.of("status", "--cache", "d"),
                List.of(Cli.withDefaultCommand("X", new String[] {"status", "--cache", "d"})));
    }

    // --- plan ---

    @Test
    void planShowsPhasesAndWhichStepsRunThenAllCached() {
        Outcome before = phasor("plan", Trio.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.OK, before.code(), before::toString);
        assertTrue(before.out().contains("pipeline trio: 3 steps in 2 phases"), before.out());
        assertTrue(before.out().contains("new cache"), before.out());
        assertEquals(List.of("phase 0", "  run      a {x=3}", "  run      b {x=2}", "phase 1", "  run      c <- a, b"),
                before.out().lines().skip(1).toList());
        assertFalse(Files.exists(tmp.resolve("cache")), "plan writes nothing");

        phasor("run", Trio.class.getName(), "--cache", cache());
        Outcome after = phasor("plan", Trio.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.OK, after.code(), after::toString);
        assertTrue(after.out().contains("schema matches"), after.out());
        assertEquals(List.of("phase 0", "  cached   a {x=3}", "  cached   b {x=2}", "phase 1", "  cached   c <- a, b"),
                after.out().lines().skip(1).toList());
    }

    @Test
    void planShowsAConflictWithoutWritingAnything() {
        phasor("run", Variants.Base.class.getName(), "--cache", cache());
        CacheSnapshot.ageAll(tmp.resolve("cache"));
        CacheSnapshot before = CacheSnapshot.of(tmp.resolve("cache"));
        Outcome o = phasor("plan", Variants.Changed.class.getName(), "--cache", cache());
        assertEquals(ExitCodes.CACHE, o.code(), o::toString);
        assertTrue(o.out().contains("CONFLICT: step 'two' changed: its parameters"), o.out());
        before.assertUnchanged();
    }

    // --- status and result ---

    @Test
    void statusPrintsTheSummaryOfACacheDirectory() {
        phasor("run", Failing.class.getName(), "--cache", cache());
        Outcome o = phasor("status", "--cache", cache());
        assertEquals(ExitCodes.STEP_FAILED, o.code(), o::toString); // the cache's outcome: a step failed
        assertTrue(o.out().contains("pipeline failing"), o.out());
        assertTrue(o.out().contains("steps 7: 3 done, 1 failed, 3 skipped, 0 not run"), o.out());
        assertTrue(Pattern.compile("(?m)^boom\\s+\\{\\}\\s+0\\s+1\\s+failed").matcher(o.out()).find(), o.out());
        Outcome missing = phasor("status", "--cache", tmp.resolve("nowhere").toString());
        assertEquals(ExitCodes.CACHE, missing.code(), missing::toString);
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void resultPrintsValuesAndJsonAndSaysWhyOneIsMissing() {
        phasor("run", Trio.class.getName(), "--cache", cache());
        phasor("run", Failing.class.getName(), "--cache", cache());
        Outcome c = phasor("result", "--cache", cache(), "--pipeline", "trio", "c");
        assertEquals(ExitCodes.OK, c.code(), c::toString);
        assertEquals("1.125\n", c.out());
        Outcome json = phasor("result", "--cache", cache(), "--pipeline", "trio", "--json", "c");
        assertEquals(1.125, StatusJson.parse(json.out()).asDouble());
        Outcome failed = phasor("result", "--cache", cache(), "--pipeline", "failing", "boom");
        assertEquals(ExitCodes.STEP_FAILED, failed.code(), failed::toString);
        assertTrue(failed.err().contains("step 'boom' failed"), failed.err());
        Outcome skipped = phasor("result", "--cache", cache(), "--pipeline", "failing", "mixed");
        assertEquals(ExitCodes.STEP_FAILED, skipped.code(), skipped::toString);
        assertTrue(skipped.err().contains("step 'mixed' was skipped"), skipped.err());
        Outcome missing = phasor("result", "--cache", cache(), "--pipeline", "trio", "zeta");
        assertEquals(ExitCodes.USAGE, missing.code(), missing::toString);
        assertTrue(missing.err().contains("has no step 'zeta'"), missing.err());
        Outcome several = phasor("result", "--cache", cache(), "c");
        assertEquals(ExitCodes.USAGE, several.code(), several::toString);
        assertTrue(several.err().contains("--pipeline"), several.err());
    }

    @Test
    void resultAsJsonWorksForEveryTypeTheCodecWritesOutOfTheBox() {
        PipelineBuilder p = Pipeline.builder("jsonish");
        p.step("date", () -> java.time.LocalDate.of(2024, 2, 29));
        p.step("instant", () -> java.time.Instant.ofEpochSecond(0));
        p.step("duration", () -> java.time.Duration.ofSeconds(90));
        p.step("maybe", () -> java.util.Optional.of("x"));
        p.step("nothing", java.util.Optional::empty);
        p.step("map", () -> new java.util.TreeMap<>(java.util.Map.of("b", List.of(1, 2), "a", 1.5)));
        p.step("array", () -> new int[] {1, 2});
        p.step("path", () -> Path.of("/tmp/x"));
        p.step("shell_like", () -> new dev.phasor.api.ShellResult(0, "out\n"));
        Phasor.runner().cache(tmp.resolve("cache")).run(p.build());
        String[][] expected = {{"date", "\"2024-02-29\""}, {"instant", "\"1970-01-01T00:00:00Z\""},
            {"duration", "\"PT1M30S\""}, {"maybe", "\"x\""}, {"nothing", "null"},
            {"map", "{\"a\":1.5,\"b\":[1,2]}"}, {"array", "[1,2]"}, {"path", "\"/tmp/x\""},
            {"shell_like", "{\"exitCode\":0,\"stdout\":\"out\\n\"}"}};
        for (String[] e : expected) {
            Outcome o = phasor("result", "--cache", cache(), "--json", e[0]);
            assertEquals(ExitCodes.OK, o.code(), () -> e[0] + ": " + o);
            assertEquals(e[1], StatusJson.parse(o.out()).toString(), e[0]);
        }
        assertEquals("2024-02-29\n", phasor("result", "--cache", cache(), "date").out());
        assertEquals("[1, 2]\n", phasor("result", "--cache", cache(), "array").out());
    }

    // --- the user's own classes ---

    private static final String OUTSIDE = """
            package gen;

            import dev.phasor.api.Pipeline;
            import dev.phasor.api.PipelineBuilder;
            import dev.phasor.api.PipelineDefinition;

            public final class Outside implements PipelineDefinition {
                public record Box(int v) {
                }

                @Override
                public Pipeline define() {
                    PipelineBuilder p = Pipeline.builder("outside");
                    p.register(Box.class);
                    p.step("box", () -> new Box(3));
                    return p.build();
                }
            }
            """;

    @Test
    void runAndResultTakeTheUsersClasspath() {
        String classes = Compiler.compile(tmp.resolve("user"), "gen.Outside", OUTSIDE).toString();
        Outcome notFound = phasor("run", "gen.Outside", "--cache", cache());
        assertEquals(ExitCodes.USAGE, notFound.code(), notFound::toString);
        Outcome run = phasor("run", "gen.Outside", "--classpath", classes, "--cache", cache());
        assertEquals(ExitCodes.OK, run.code(), run::toString);
        Outcome plan = phasor("plan", "gen.Outside", "--classpath", classes, "--cache", cache());
        assertEquals(ExitCodes.OK, plan.code(), plan::toString);
        assertTrue(plan.out().contains("cached   box"), plan.out());
        Outcome result = phasor("result", "--cache", cache(), "--classpath", classes, "box");
        assertEquals(ExitCodes.OK, result.code(), result::toString);
        assertEquals("Box[v=3]\n", result.out());
        Outcome status = phasor("status", "--cache", cache());
        assertEquals(ExitCodes.OK, status.code(), status::toString);
        Outcome withoutClasses = phasor("result", "--cache", cache(), "box");
        assertTrue(withoutClasses.code() != 0, withoutClasses::toString);
        assertTrue(withoutClasses.err().contains("gen.Outside$Box") && withoutClasses.err().contains("--classpath"),
                withoutClasses.err());
    }
}
