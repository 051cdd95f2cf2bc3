package dev.phasor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts behind bin/phasor as a build and as an unpacked distribution: the first build's progress lines
 * (scripts/lib-progress.sh) and the class path of a tree with lib/ and no pom.xml (scripts/classpath.sh).
 * scripts/test-outside.sh runs the real tarball end to end.
 */
class DistributionScriptsTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome bash(String script, String stdin, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c", script, "bash"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return new Outcome(p.exitValue(), out, err);
    }

    @Test
    @Timeout(30)
    void firstBuildPrintsALinePerModuleAndCountsDownloads() throws Exception {
        StringBuilder maven = new StringBuilder("[INFO] Scanning for projects...\n");
        maven.append("[INFO] Building Phasor runner 0.1.0                                       [3/8]\n");
        maven.append("[INFO] Compiling 134 source files with javac [debug release 17] to target/classes\n");
        for (int i = 0; i < 230; i++) {
            maven.append("[INFO] Downloaded from central: https://repo.maven.apache.org/x").append(i).append(".jar\n");
        }
        maven.append("[INFO] Building Phasor cluster backends 0.1.0                             [4/8]\n");
        Outcome progress = bash(". \"$1\"; build_progress", maven.toString(),
                REPO.resolve("scripts/lib-progress.sh").toString());
        assertEquals(0, progress.code(), progress.err());
        assertEquals("", progress.out());
        List<String> lines = progress.err().lines().map(l -> l.replaceAll("\\(\\d+s\\)", "(Ns)")).toList();
        assertEquals(List.of("phasor:   Phasor runner 0.1.0 [3/8] (Ns)", "phasor:     100 files downloaded",
                "phasor:     200 files downloaded", "phasor:   Phasor cluster backends 0.1.0 [4/8] (Ns)"), lines);
    }

    @Test
    @Timeout(30)
    void anUnpackedDistributionTakesItsClassPathFromLibBesideBin(@TempDir Path dist) throws Exception {
        Files.createDirectories(dist.resolve("scripts"));
        Files.copy(REPO.resolve("scripts/classpath.sh"), dist.resolve("scripts/classpath.sh"));
        Files.createDirectories(dist.resolve("lib"));
        Files.writeString(dist.resolve("lib/a-1.jar"), "");
        Files.writeString(dist.resolve("lib/b-1.jar"), "");
        Outcome cp = bash("\"$1\"", "", dist.resolve("scripts/classpath.sh").toString());
        assertEquals(0, cp.code(), cp.err());
        assertEquals(dist.toRealPath().resolve("lib/a-1.jar") + ":" + dist.toRealPath().resolve("lib/b-1.jar"),
                cp.out().strip());
    }
}
