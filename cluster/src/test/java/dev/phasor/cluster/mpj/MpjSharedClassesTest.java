package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which class path entries the ranks of a multicore job share (the jobs themselves: {@code MpjJobTest}). */
class MpjSharedClassesTest {

    private static URL url(String path) throws Exception {
        return Path.of(path).toUri().toURL();
    }

    @Test
    void everythingButTheBackendAndMpjsOwnJarsIsShared() throws Exception {
        URL[] rankPath = {url("/app/phasor-runner.jar"), url("/app/phasor-cluster.jar"), url("/app/classes/"),
            url("/app/phasor-runner.jar"), new URL("http://example.org/remote.jar"), url("/job/mpjhome/lib/mpi.jar"),
            url("/job/mpjhome/lib/mpjdev.jar")};

        List<String> shared = SharedClasses.shareable(rankPath, Path.of("/app/phasor-cluster.jar"),
                Path.of("/job/mpjhome/lib/mpi.jar"));

        assertEquals(List.of("/app/phasor-runner.jar", "/app/classes"), shared);
    }

    @Test
    void anOutcomeIsEitherThePathOrAReasonInParentheses() {
        assertTrue(SharedClasses.isShared("/app/phasor-runner.jar:/app/classes"));
        assertFalse(SharedClasses.isShared("(off: -Dphasor.mpj.shareClasses=false)"));
        assertFalse(SharedClasses.isShared(null));
    }
}
