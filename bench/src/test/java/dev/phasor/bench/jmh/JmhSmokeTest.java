package dev.phasor.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH benchmarks are generated, found and produce a result: one short iteration of two of them in this
 * JVM (no fork). Speed is not judged here; scripts/jmh.sh measures.
 */
class JmhSmokeTest {

    @Test
    void codecAndResultFileBenchmarksRunAndCheckTheirRoundTrips() throws Exception {
        Options options = new OptionsBuilder()
                .include(CodecBench.class.getName() + ".roundTrip$")
                .include(ResultFileBench.class.getName() + ".writeThenRead$")
                .param("shape", "record")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeout(TimeValue.seconds(30))
                .shouldFailOnError(true) // a failed round-trip check in @Setup/@TearDown fails the run
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(2, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getSampleCount() > 0, r.getParams().getBenchmark() + " took no sample");
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark() + " scored 0");
        }
    }

    @Test
    void plannerShapeHasTheExpectedPhases() {
        assertEquals(10, PlannerBench.build(10_000).plan().phases().size());
        assertEquals(10_000, PlannerBench.build(10_000).plan().stepCount());
    }
}
