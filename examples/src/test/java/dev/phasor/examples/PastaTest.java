package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** job-orchestra's pasta recipe, with salt used twice through the aliases salt_water and salt_tomatoes. */
class PastaTest {

    @TempDir
    Path cache;

    private static final List<String> PAN_FRY = List.of("boiling water", "salt 10g", "spaghetti",
            "browned onions", "cut tomatoes", "tomato sauce on 1 onion base", "salt 2g", "basil", "pan-fried");

    private static void assertValues(RunReport report) {
        assertEquals(0, report.exitCode(), report::summary);
        assertEquals(List.of("boiling water", "salt 10g"), report.result("salt_water"));
        assertEquals(List.of("browned onions", "cut tomatoes", "tomato sauce on 1 onion base", "salt 2g"),
                report.result("salt_tomatoes"));
        assertEquals(List.of("boiling water", "salt 10g", "spaghetti"), report.result("pour_pasta"));
        assertEquals(PAN_FRY, report.result("pan_fry"));
    }

    @Test
    void cooksTheRecipeThenResumesWithoutRunningAnything() {
        RunReport first = Phasor.runner().cache(cache).threads(2).run(Pasta.class);
        assertValues(first);
        assertEquals(9, first.executed());
        RunReport second = Phasor.runner().cache(cache).run(Pasta.class);
        assertEquals(0, second.executed());
        assertValues(second);
    }

    @Test
    void saltServesTwiceThroughAliasesWithTheirOwnParameters() {
        Pipeline pasta = new Pasta().define();
        assertEquals("dev.phasor.examples.Pasta::salt", pasta.step("salt_water").code().description());
        assertEquals(pasta.step("salt_water").code(), pasta.step("salt_tomatoes").code());
        assertEquals(10, pasta.step("salt_water").params().getInt("grams"));
        assertEquals(2, pasta.step("salt_tomatoes").params().getInt("grams"));
        assertEquals(Map.of("boil_water", 0, "brown_onions", 0, "pick_basil", 0, "cut_tomatoes", 1, "salt_water", 1,
                "pour_tomatoes", 2, "pour_pasta", 2, "salt_tomatoes", 3, "pan_fry", 4), pasta.plan().phaseOf());
    }

    @Test
    void itsPlanIsPrintedPhaseByPhaseWithWhatRuns() {
        ExampleRuns.Outcome before = ExampleRuns.phasor("plan", Pasta.class.getName(), "--cache", cache.toString());
        assertEquals(0, before.code(), before::toString);
        List<String> lines = before.out().lines().toList();
        assertTrue(lines.get(0).startsWith("pipeline pasta: 9 steps in 5 phases"), before.out());
        assertEquals(List.of("phase 0", "  run      boil_water", "  run      brown_onions", "  run      pick_basil",
                "phase 1", "  run      cut_tomatoes <- brown_onions", "  run      salt_water <- boil_water {grams=10}",
                "phase 2", "  run      pour_tomatoes <- cut_tomatoes, brown_onions", "  run      pour_pasta <- salt_water",
                "phase 3", "  run      salt_tomatoes <- pour_tomatoes {grams=2}",
                "phase 4", "  run      pan_fry <- pour_pasta, salt_tomatoes, pick_basil"), lines.subList(1, lines.size()));

        Phasor.runner().cache(cache).run(Pasta.class);
        ExampleRuns.Outcome after = ExampleRuns.phasor("plan", Pasta.class.getName(), "--cache", cache.toString());
        assertEquals(0, after.code(), after::toString);
        assertEquals(9, after.out().lines().filter(l -> l.startsWith("  cached   ")).count(), after.out());
    }
}
