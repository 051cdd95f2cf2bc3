package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, point 4: the summary shows a done step's plain value (1.125), its result's path otherwise. */
class SummaryValuesTest {

    @TempDir
    Path cache;

    private static String rowOf(String summary, String step) {
        return summary.lines().filter(l -> l.startsWith(step + " ")).findFirst().orElseThrow(() ->
                new AssertionError("no row for " + step + " in\n" + summary));
    }

    @Test
    void plainShortValuesAreShownAndOthersByTheirPath() {
        PipelineBuilder p = Pipeline.builder("values");
        p.step("ratio", () -> 9.0 / 8);
        p.step("word", () -> "ready");
        p.step("list", () -> List.of(1, 2, 3));
        p.step("essay", () -> "x".repeat(SummaryTable.MAX_VALUE_WIDTH + 1));
        p.shell("echo", "echo hello");
        RunReport r = Phasor.runner().cache(cache).run(p.build());

        for (String summary : List.of(r.summary(), CacheReader.open(cache, "values").summary())) {
            assertTrue(rowOf(summary, "ratio").endsWith("  1.125"), summary);
            assertTrue(rowOf(summary, "word").endsWith("  ready"), summary);
            assertTrue(rowOf(summary, "echo").endsWith("  hello"), summary);
            assertTrue(rowOf(summary, "list").endsWith(r.layout().resultFile("list").toString()), summary);
            assertTrue(rowOf(summary, "essay").endsWith(r.layout().resultFile("essay").toString()), summary);
        }
    }

    @Test
    void pastTwoHundredStepsTheSummaryShowsPathsOnly() {
        PipelineBuilder p = Pipeline.builder("large");
        for (int i = 0; i <= SummaryTable.MAX_STEPS_WITH_VALUES; i++) {
            p.step("s" + i, () -> 1);
        }
        RunReport r = Phasor.runner().cache(cache).run(p.build());

        assertTrue(rowOf(r.summary(), "s0").endsWith(r.layout().resultFile("s0").toString()), r::summary);
    }

    @Test
    void onlyNumbersBooleansEnumsAndShortOneLineTextArePlain() {
        assertEquals("42", SummaryTable.plainValue(42L));
        assertEquals("true", SummaryTable.plainValue(true));
        assertEquals("SECONDS", SummaryTable.plainValue(java.util.concurrent.TimeUnit.SECONDS));
        assertNull(SummaryTable.plainValue("two\nlines"));
        assertNull(SummaryTable.plainValue(" "));
        assertNull(SummaryTable.plainValue(new int[] {1}));
        assertNull(SummaryTable.plainValue(null));
    }
}
