package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A few-second smoke run of every synthetic pipeline: it must compute the right answers (speed is not judged). */
class PhaseBenchSmokeTest {

    @Test
    void everySyntheticPipelineRunsAndChecksItsResults() throws Exception {
        assertEquals(200, PhaseBench.run("wide", 200, 2).steps());
        assertEquals(100, PhaseBench.run("chain", 100, 2).steps());
        assertEquals(300, PhaseBench.run("layered", 300, 2).steps());
    }
}
