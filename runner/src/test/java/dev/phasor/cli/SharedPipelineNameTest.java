package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import dev.phasor.cache.CacheReader;
import dev.phasor.exec.ExitCodes;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: two pipeline classes that share a pipeline name meet in one cache. The second is told the
 * results are another class's, naming both, and is not advised to run --update (which would move the
 * first pipeline's results into removed/).
 */
class SharedPipelineNameTest {

    @TempDir
    Path tmp;

    /** Pipeline "twin" as one team wrote it. */
    public static final class One implements PipelineDefinition {
        static int three() {
            return 3;
        }

        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("twin");
            Step<Integer> a = p.step("load", () -> 20);
            p.step("count", a, x -> x + 1);
            return p.build();
        }
    }

    /** Another class that happens to use the same pipeline name. */
    public static final class Two implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("twin");
            p.step("fetch", () -> "x");
            return p.build();
        }
    }

    /**
     * A new version of {@link One}'s definition (sharing its step class, as an edited class would be): an
     * ordinary change, for which --update is the advice.
     */
    public static final class OneChanged implements PipelineDefinition {
        @Override
        public Pipeline define() {
            PipelineBuilder p = Pipeline.builder("twin");
            Step<Integer> a = p.step("load", () -> 20);
            p.step("count", a, x -> x + 1);
            p.step("extra", One::three);
            return p.build();
        }
    }

    @Test
    void aSecondClassWithTheSameNameIsToldTheResultsAreAnotherClassesAndNotAdvisedToUpdate() {
        String cache = tmp.resolve("cache").toString();
        assertEquals(ExitCodes.OK, InProcessCli.phasor("run", One.class.getName(), "--cache", cache, "-q").code());
        CacheSnapshot before = CacheSnapshot.of(tmp.resolve("cache"));

        Outcome two = InProcessCli.phasor("run", Two.class.getName(), "--cache", cache, "-q");

        assertEquals(ExitCodes.CACHE, two.code(), two::toString);
        assertTrue(two.err().contains("written by a different class (" + One.class.getName() + ") than this"
                + " definition's (" + Two.class.getName() + ")"), two.err());
        assertTrue(two.err().contains("two pipeline classes share the name 'twin'"), two.err());
        assertFalse(two.err().contains("--update"), two.err());
        before.assertUnchanged();
        Outcome plan = InProcessCli.phasor("plan", Two.class.getName(), "--cache", cache);
        assertTrue(plan.out().contains("CONFLICT: its results were written by a different class"), plan.out());
        assertFalse(plan.out().contains("--update"), plan.out());
        assertEquals(21, CacheReader.open(tmp.resolve("cache"), "twin").result("count"));
    }

    @Test
    void aChangedDefinitionOfTheSameClassIsStillAdvisedToUpdate() {
        String cache = tmp.resolve("cache").toString();
        InProcessCli.phasor("run", One.class.getName(), "--cache", cache, "-q");
        Outcome changed = InProcessCli.phasor("run", OneChanged.class.getName(), "--cache", cache, "-q");
        assertEquals(ExitCodes.CACHE, changed.code(), changed::toString);
        assertTrue(changed.err().contains("step 'extra' was added"), changed.err());
        assertTrue(changed.err().contains("Run with --update"), changed.err());
    }
}
