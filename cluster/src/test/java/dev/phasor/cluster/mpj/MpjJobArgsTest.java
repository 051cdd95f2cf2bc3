package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MpjJobArgsTest {

    private static final Set<String> COMMANDS = Set.of("run", "plan", "status", "result");

    private static JobArgs parse(String... userArgs) {
        String[] rest = new String[userArgs.length + 3];
        rest[0] = "--job-dir";
        rest[1] = "/tmp/job";
        rest[2] = "my.Pipeline";
        System.arraycopy(userArgs, 0, rest, 3, userArgs.length);
        return JobArgs.parse(rest);
    }

    @Test
    void readsTheLaunchersArguments() {
        JobArgs job = parse("--cache", "/c");
        assertEquals(Path.of("/tmp/job"), job.jobDir());
        assertEquals("my.Pipeline", job.pipelineClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobArgs.parse(new String[] {"my.Pipeline", "--cache", "/c"}));
        assertTrue(e.getMessage().contains("bin/mpjrun.sh"), e.getMessage());
    }

    @Test
    void aRunGetsTheMpjBackendWhetherRunIsGivenOrImplied() {
        assertArrayEquals(new String[] {"run", "--backend", "mpj", "--cache", "/c"}, parse("--cache", "/c").cliArgs(COMMANDS));
        assertArrayEquals(new String[] {"run", "--backend", "mpj", "--cache", "/c"},
                parse("run", "--cache", "/c").cliArgs(COMMANDS));
        assertArrayEquals(new String[] {"run", "--backend", "mpj"}, parse().cliArgs(COMMANDS));
        assertArrayEquals(new String[] {"run", "--backend=mpj", "-q"}, parse("--backend=mpj", "-q").cliArgs(COMMANDS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--backend", "local").cliArgs(COMMANDS));
        assertEquals("under bin/mpjrun.sh the backend is mpj; remove --backend local", e.getMessage());
    }

    @Test
    void otherCommandsAndHelpAreLeftAloneForRankZeroToAnswer() {
        assertFalse(parse("status", "--cache", "/c").isRun(COMMANDS));
        assertArrayEquals(new String[] {"status", "--cache", "/c"}, parse("status", "--cache", "/c").cliArgs(COMMANDS));
        assertFalse(parse("run", "--help").isRun(COMMANDS));
        assertTrue(parse("run", "--cache", "/c").isRun(COMMANDS));
    }
}
