package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.backend.BackendContext;
import dev.phasor.exec.ExitCodes;
import org.junit.jupiter.api.Test;

/** {@code phasor run --backend mpj} typed outside an MPJ job: a usage error (exit 2) pointing to bin/mpjrun.sh. */
class MpjOutsideJobTest {

    @Test
    void theMpjBackendOutsideAnMpjJobIsAUsageErrorPointingToMpjrun() {
        MpjRuntime.install(null); // this JVM is no rank (a test before may have made it one)
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new MpjBackendProvider().open(new BackendContext(null, 1, false)));
        assertEquals(ExitCodes.USAGE, ExitCodes.of(e), e::toString);
        assertTrue(e.getMessage().contains("start the pipeline with bin/mpjrun.sh -np N CLASS"), e.getMessage());
    }
}
