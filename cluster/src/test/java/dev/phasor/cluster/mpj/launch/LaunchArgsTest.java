package dev.phasor.cluster.mpj.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchArgsTest {

    private static LaunchArgs parse(Map<String, String> env, String... argv) throws Exception {
        return LaunchArgs.parse(List.of(argv), env);
    }

    private static String refusal(Map<String, String> env, String... argv) {
        LaunchException e = assertThrows(LaunchException.class, () -> parse(env, argv));
        assertEquals(LaunchException.USAGE, e.exitCode());
        return e.getMessage();
    }

    @Test
    void optionsBeforeTheClassAreTheLaunchersAndTheRestGoesToTheRanks() throws Exception {
        LaunchArgs a = parse(Map.of(), "-np", "008", "-dev", "niodev", "-cp", "a.jar", "-classpath", "b", "-timeout", "30",
                "-dport", "4005", "-jvmarg", "-Xmx1g", "-jvmarg", "-Dk=v", "-wdir", "/tmp", "x.Pipe", "--cache", "c", "-v");

        assertEquals(8, a.ranks());
        assertEquals("niodev", a.device());
        assertEquals(List.of("a.jar", "b"), a.classPath());
        assertEquals(30, a.timeoutSeconds());
        assertEquals(4005, a.dport());
        assertEquals(List.of("-Xmx1g", "-Dk=v"), a.jvmArgs());
        assertEquals("/tmp", a.workDir());
        assertEquals("x.Pipe", a.pipelineClass());
        assertEquals(List.of("--cache", "c", "-v"), a.appArgs());
        assertEquals(LaunchArgs.DEFAULT_MAIN, a.mainClass());
    }

    @Test
    void defaultsAreOneMulticoreRankAnHourAndTheEnvironmentsGraces() throws Exception {
        LaunchArgs a = parse(Map.of("PHASOR_MPJ_GRACE", "2", "PHASOR_MPJ_KEEP_JOBDIR", "1", "PHASOR_MPJ_MAIN", "b.Main"),
                "--", "x.Pipe");

        assertEquals(1, a.ranks());
        assertEquals("multicore", a.device());
        assertEquals(3600, a.timeoutSeconds());
        assertEquals(0, a.dport());
        assertEquals(2, a.settings().graceSeconds());
        assertEquals(3, a.settings().killGraceSeconds());
        assertEquals(60, a.settings().startupLimitSeconds());
        assertTrue(a.settings().keepJobDir());
        assertEquals("b.Main", a.mainClass());
    }

    @Test
    void niodevTakesTheDaemonPortFromTheEnvironmentAndMulticoreIgnoresItWithAWarning() throws Exception {
        assertEquals(4100, parse(Map.of("PHASOR_MPJ_DPORT", "4100"), "-dev", "niodev", "x.P").dport());
        LaunchArgs multicore = parse(Map.of(), "-dport", "4100", "-machinesfile", "m", "x.P");
        assertEquals(0, multicore.dport());
        assertEquals(List.of("warning: -dport is ignored by -dev multicore", "warning: -machinesfile is ignored by -dev multicore"),
                multicore.warnings());
    }

    @Test
    void helpIsAskedForWithDashH() {
        assertThrows(LaunchArgs.HelpRequested.class, () -> parse(Map.of(), "-np", "2", "-h"));
    }

    @Test
    void badValuesAreRefusedNamingTheValue() {
        Map<String, String> none = Map.of();
        assertEquals("missing CLASS", refusal(none, "-np", "2"));
        assertEquals("option -np needs a value", refusal(none, "-np"));
        assertEquals("unknown option -x", refusal(none, "-x", "a.B"));
        assertEquals("-np must be a whole number, got 'two'", refusal(none, "-np", "two", "a.B"));
        assertEquals("-np must be at least 1", refusal(none, "-np", "0", "a.B"));
        assertEquals("-dev must be multicore or niodev, got 'smp'", refusal(none, "-dev", "smp", "a.B"));
        assertEquals("bad daemon port '70000'", refusal(none, "-dev", "niodev", "-dport", "70000", "a.B"));
        assertEquals("CLASS is not a class name: 'a-b'", refusal(none, "a-b"));
        assertEquals("PHASOR_MPJ_GRACE must be a whole number, got 'x'", refusal(Map.of("PHASOR_MPJ_GRACE", "x"), "a.B"));
    }

    @Test
    void tokensMpjsStarterWouldTakeAsItsOwnAreRefusedAnywhere() {
        assertTrue(refusal(Map.of(), "a.B", "--cache", "c", "-np").startsWith("argument '-np' cannot be passed"));
        assertTrue(refusal(Map.of(), "-jvmarg", "-cp", "a.B").startsWith("-jvmarg '-cp' is an MPJ starter option"));
        assertTrue(refusal(Map.of(), "-jvmarg", "Xmx1g", "a.B").contains("must be one token starting with '-'"));
        assertEquals("-jvmarg '--add-opens' takes a separate value, which MPJ cannot pass: write --add-opens=VALUE",
                refusal(Map.of(), "-jvmarg", "--add-opens", "a.B"));
    }
}
