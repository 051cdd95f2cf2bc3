package dev.phasor.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phasor slurm} as a user runs it, in its own JVM, against stand-in Slurm tools on PATH (the real ones are
 * in {@link SlurmWorkersTest}): no sbatch at all, a refused job, a submitted one.
 */
class SlurmCliTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void withoutSbatchOnPathTheCommandSaysSoAndExits4() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("bin"));
        LocalSlurm.Result r = phasor(Map.of("PATH", empty.toString()), "slurm", "workers", "--nodes", "2", "--join",
                "login1:5801", "--log-dir", dir.resolve("logs").toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("'sbatch' is not on PATH"), r.err());
    }

    @Test
    @Timeout(60)
    void aRefusedJobExits4WithSbatchsOwnMessage() throws Exception {
        Path bin = tool("sbatch", "cat > /dev/null; echo 'sbatch: error: Batch job submission failed: Invalid account"
                + " or account/partition combination specified' >&2; exit 1");
        LocalSlurm.Result r = phasor(Map.of("PATH", bin + ":/usr/bin:/bin"), "slurm", "workers", "-N", "1", "--join",
                "login1", "-A", "nobody", "--log-dir", dir.resolve("logs").toString());
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("sbatch refused the job (exit 1): sbatch: error: Batch job submission failed:"
                + " Invalid account"), r.err());
    }

    @Test
    @Timeout(60)
    void aSubmittedJobPrintsItsIdFirstThenTheLogsAndHowToUseIt() throws Exception {
        Path args = dir.resolve("args");
        Path script = dir.resolve("script");
        Path bin = tool("sbatch", "printf '%s\\n' \"$@\" > " + args + "; cat > " + script + "; echo '4242;lab'");
        Path logs = dir.resolve("logs");
        LocalSlurm.Result r = phasor(Map.of("PATH", bin + ":/usr/bin:/bin"), "slurm", "workers", "--nodes", "2",
                "--time", "30", "--join", "login1:5801", "--threads", "3", "--log-dir", logs.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("4242", lines.get(0));
        assertTrue(r.out().contains("cluster 'phasor-slurm-4242'"), r.out());
        assertTrue(r.out().contains(logs.resolve("phasor-workers-4242.out").toString()), r.out());
        assertTrue(r.out().contains("phasor slurm stop 4242"), r.out());
        assertTrue(Files.isDirectory(logs), "the log directory exists before the job starts");
        assertEquals(List.of("--parsable", "--nodes=2", "--ntasks-per-node=1", "--job-name=phasor-workers",
                "--output=" + logs.resolve("phasor-workers-%j.out"), "--cpus-per-task=3", "--time=30"),
                Files.readAllLines(args));
        String batch = Files.readString(script);
        assertTrue(batch.startsWith("#!/bin/bash\n") && batch.contains("'dev.phasor.cli.Main' 'worker'")
                && batch.contains("--threads 3"), batch);
    }

    @Test
    @Timeout(60)
    void badArgumentsExit2NamingTheOption() throws Exception {
        LocalSlurm.Result r = phasor(Map.of(), "slurm", "workers", "--nodes", "0", "--join", "login1:5801");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--nodes must be at least 1, got 0"), r.err());
        LocalSlurm.Result stop = phasor(Map.of(), "slurm", "stop", "12x");
        assertEquals(2, stop.code(), stop.toString());
        assertTrue(stop.err().contains("JOB must be a Slurm job id"), stop.err());
    }

    private Path tool(String name, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static LocalSlurm.Result phasor(Map<String, String> env, String... args) throws Exception {
        return LocalSlurm.run(SlurmWorkersTest.phasorCommand(args), env, 45);
    }

}
