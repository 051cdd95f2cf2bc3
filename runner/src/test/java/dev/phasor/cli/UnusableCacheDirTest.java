package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Trio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.2: a cache path that is a regular file, read-only, or unreadable. We run as root, where permission
 * bits stop nothing: read-only is a read-only bind mount (or a read-only tmpfs) and unreadable is a child JVM
 * run as {@code nobody}; both skip with a message when not root.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UnusableCacheDirTest {

    static final String TRIO = Trio.class.getName();

    @TempDir
    Path tmp;
    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            sh("umount", m.toString());
        }
    }

    private static List<List<String>> everyCommand(String cache) {
        return List.of(List.of("run", TRIO, "--cache", cache), List.of("plan", TRIO, "--cache", cache),
                List.of("status", "--cache", cache), List.of("result", "--cache", cache, "--pipeline", "trio", "c"),
                List.of("explain", "--cache", cache, "--pipeline", "trio", "c"),
                List.of("graph", "--cache", cache, "--pipeline", "trio"),
                List.of("times", "--cache", cache, "--pipeline", "trio"),
                List.of("report", "--cache", cache, "--pipeline", "trio"));
    }

    @Test
    void cachePathThatIsARegularFileIsRefusedByEveryCommandNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "precious\n");
        for (List<String> args : everyCommand(file.toString())) {
            Outcome o = CliTest.phasor(args.toArray(String[]::new));
            assertEquals(ExitCodes.CACHE, o.code(), () -> args + ": " + o);
            assertTrue(o.err().contains(file.toString()), () -> args + ": " + o.err());
            assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
        }
        assertEquals("precious\n", Files.readString(file));
    }

    @Test
    void readOnlyCacheIsReadButNotWrittenAndRunIsRefusedNamingIt() throws Exception {
        assumeTrue(isRoot(), "skipped: needs root to bind-mount the cache read-only");
        Path src = tmp.resolve("cache");
        Outcome ok = CliTest.phasor("run", TRIO, "--cache", src.toString(), "-q");
        assertEquals(ExitCodes.OK, ok.code(), ok::toString);
        CacheSnapshot.ageAll(src);
        CacheSnapshot before = CacheSnapshot.of(src);
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        assumeTrue(sh("mount", "--bind", src.toString(), ro.toString()) == 0, "skipped: bind mounts not allowed here");
        mounts.add(ro);
        assertEquals(0, sh("mount", "-o", "remount,bind,ro", ro.toString()));
        for (List<String> args : everyCommand(ro.toString())) {
            Outcome o = CliTest.phasor(args.toArray(String[]::new));
            switch (args.get(0)) {
                case "run", "report" -> {
                    assertEquals(ExitCodes.CACHE, o.code(), () -> args + ": " + o);
                    assertTrue(o.err().contains(ro.toString()) && o.err().toLowerCase().contains("read-only"),
                            () -> args + ": " + o.err());
                }
                default -> assertEquals(ExitCodes.OK, o.code(), () -> "reading needs no write: " + args + ": " + o);
            }
            assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
        }
        assertEquals("1.125", CliTest.phasor("result", "--cache", ro.toString(), "c").out().strip());
        before.assertUnchanged();
    }

    @Test
    void readOnlyFileSystemForANewCacheIsRefusedNamingIt() throws Exception {
        assumeTrue(isRoot(), "skipped: needs root to mount a read-only tmpfs");
        Path ro = Files.createDirectory(tmp.resolve("rofs"));
        assumeTrue(sh("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro.toString()) == 0,
                "skipped: tmpfs mounts not allowed here");
        mounts.add(ro);
        Path cache = ro.resolve("cache");
        Outcome o = CliTest.phasor("run", TRIO, "--cache", cache.toString());
        assertEquals(ExitCodes.CACHE, o.code(), o::toString);
        assertTrue(o.err().contains(cache.toString()) && o.err().toLowerCase().contains("read-only"), o.err());
        assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
    }

    @Test
    void cacheOfAnotherUserIsRefusedNamingItAndNothingChanges() throws Exception {
        assumeTrue(isRoot(), "skipped: needs root to run a child JVM as user nobody");
        assumeTrue(sh("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "true") == 0,
                "skipped: setpriv cannot switch to nobody here");
        Path src = tmp.resolve("cache");
        Outcome ok = CliTest.phasor("run", TRIO, "--cache", src.toString(), "-q");
        assertEquals(ExitCodes.OK, ok.code(), ok::toString);
        Files.setPosixFilePermissions(src.resolve("trio"), PosixFilePermissions.fromString("rwx------"));
        CacheSnapshot.ageAll(src);
        CacheSnapshot before = CacheSnapshot.of(src);
        String classpath = worldReadableClasspath();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (List<String> args : everyCommand(src.toString())) {
            ChildOutcome o = asNobody(classpath, args);
            assertEquals(ExitCodes.CACHE, o.code, () -> args + ": " + o);
            assertTrue(o.err.contains(src.resolve("trio").toString()), () -> args + ": " + o);
            assertTrue(o.err.contains("permission denied") || o.err.contains("not readable and writable by this user"),
                    () -> args + ": " + o);
            assertFalse(o.err.contains("\tat "), () -> "no stack trace: " + o);
        }
        before.assertUnchanged();
    }

    record ChildOutcome(int code, String out, String err) {
    }

    /** The test classpath copied where user nobody can read it (the Maven repository may be private). */
    private String worldReadableClasspath() throws Exception {
        Path lib = Files.createDirectory(tmp.resolve("lib"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = lib.resolve((i++) + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                assertEquals(0, sh("cp", "-r", from.toString(), to.toString()));
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        assertEquals(0, sh("chmod", "-R", "a+rX", lib.toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    private ChildOutcome asNobody(String classpath, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, "dev.phasor.cli.Main"));
        command.addAll(args);
        Path out = Files.createTempFile(tmp, "child", ".out");
        Path err = Files.createTempFile(tmp, "child", ".err");
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child " + p.pid() + " did not end within 90 s: " + args);
        }
        return new ChildOutcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
