package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the bench reads from a ping-pong job's output, without running one. */
class MpjBenchTest {

    @Test
    void thePingPongFloorIsTheMedianOfTheWorkersMediansAndOtherLinesAreIgnored() {
        String output = """
                mpjrun: job 7 on 4 ranks (multicore)
                mpj-roundtrip kind=mpj-pingpong dev=multicore np=4 worker=1 n=1000 meanUs=40.1 medianUs=31.5 p90Us=60.0
                mpj-roundtrip kind=mpj-pingpong dev=multicore np=4 worker=2 n=1000 meanUs=90.3 medianUs=75.0 p90Us=120.0
                mpj-roundtrip kind=dispatch dev=multicore np=4 worker=1 n=1000 meanUs=900.0 medianUs=800.0 p90Us=990.0
                mpj-roundtrip kind=mpj-pingpong dev=multicore np=4 worker=3 n=1000 meanUs=30.0 medianUs=22.5 p90Us=45.0
                """;
        assertEquals(31.5, MpjBench.pingPongMedianMicros(output), 1e-9);
    }

    @Test
    void aPingPongJobThatPrintedNoFigureFailsWithItsOutput() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MpjBench.pingPongMedianMicros("rank 1: mpj-roundtrip failed: no route\n"));
        assertTrue(e.getMessage().contains("no mpj-pingpong line") && e.getMessage().contains("no route"),
                e.getMessage());
    }
}
