package dev.phasor.cluster.mpj.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankClassPathTest {

    @TempDir
    Path dir;

    @Test
    void entriesBecomeAbsoluteWildcardsExpandAndMpjsOwnJarIsDropped() throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/b.jar"), "");
        Files.writeString(dir.resolve("lib/a.jar"), "");
        Files.writeString(dir.resolve("lib/notes.txt"), "");
        List<String> warnings = new ArrayList<>();

        List<String> cp = RankClassPath.resolve(List.of("classes:lib/*", "/usr/share/java/mpj.jar"), "ignored",
                "extra.jar:empty/*", dir, false, warnings);

        assertEquals(List.of(dir.resolve("classes").toString(), dir.resolve("lib/a.jar").toString(),
                dir.resolve("lib/b.jar").toString(), dir.resolve("extra.jar").toString()), cp);
        assertEquals(List.of("warning: no jars in class path entry " + dir.resolve("empty/*")), warnings);
    }

    @Test
    void withoutCpTheDistributionIsUsed() throws Exception {
        assertEquals(List.of("/d/a.jar", "/d/b.jar"),
                RankClassPath.resolve(List.of(), "/d/a.jar:/d/b.jar", "", dir, true, new ArrayList<>()));
    }

    @Test
    void multicoreRefusesAnEntryItsStarterWouldRename() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> RankClassPath.resolve(List.of("/x/mpj.jar.d/a.jar"), "", "", dir, true, new ArrayList<>()));
        assertTrue(e.getMessage().contains("rewrites to 'mpi.jar'"), e.getMessage());
    }

    @Test
    void aCpWithoutPhasorsMainClassIsRefusedPointingToPhasorClasspath() throws Exception {
        Path mine = jarWith(dir.resolve("my.jar"), "my/Pipeline.class");
        LaunchException e = assertThrows(LaunchException.class,
                () -> RankClassPath.requireMain(List.of(mine.toString()), LaunchArgs.DEFAULT_MAIN, true));

        assertEquals(LaunchException.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("-cp replaces Phasor's own jars, and it does not hold the ranks' main class"
                + " dev.phasor.cluster.mpj.MpjMain"), e.getMessage());
        assertTrue(e.getMessage().contains("PHASOR_CLASSPATH=your.jar"), e.getMessage());
    }

    @Test
    void aCpHoldingTheMainClassInAJarOrADirectoryIsAccepted() throws Exception {
        Path jar = jarWith(dir.resolve("phasor.jar"), "dev/phasor/cluster/mpj/MpjMain.class");
        Path classes = Files.createDirectories(dir.resolve("classes/b"));
        Files.writeString(classes.resolve("Main.class"), "");

        RankClassPath.requireMain(List.of(dir.resolve("none.jar").toString(), jar.toString()), LaunchArgs.DEFAULT_MAIN, true);
        RankClassPath.requireMain(List.of(dir.resolve("classes").toString()), "b.Main", true);
    }

    private static Path jarWith(Path jar, String entry) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
        }
        return jar;
    }
}
