package dev.phasor.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The request checks and the batch script of {@code phasor slurm workers}, without Slurm. */
class WorkerJobTest {

    private static WorkerJob job(List<String> join, String cluster, Integer threads, String classpath) {
        return new WorkerJob(3, WorkerJob.joinList(join, 5701), cluster, 5701, threads, classpath,
                List.of("/opt/jdk/bin/java", "-Dx=it's", "-cp", "/shared/a.jar:/shared/b.jar"), "/shared/logs",
                WorkerJob.sbatchOptions("1:30:00", "proj1", "batch", List.of("--mem=8G")));
    }

    @Test
    void aBareJoinHostGetsTheWorkerPortAndBadEntriesAreRefused() {
        assertEquals(List.of("login1:5801", "10.0.0.5:5701", "[fe80::1]:5701"),
                WorkerJob.joinList(List.of("login1:5801", " 10.0.0.5 ", "[fe80::1]"), 5701));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerJob.joinList(List.of("login1:5801-5810"), 5701));
        assertTrue(e.getMessage().contains("--join entry 'login1:5801-5810' is not HOST or HOST:PORT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerJob.joinList(List.of("a b"), 5701));
        assertThrows(IllegalArgumentException.class, () -> WorkerJob.joinList(List.of("h:0"), 5701));
    }

    @Test
    void badSlurmOptionsAreRefusedNamingTheOption() {
        assertEquals(List.of("--time=2-00:00:00", "--account=p1", "--partition=gpu", "--exclusive"),
                WorkerJob.sbatchOptions("2-00:00:00", "p1", "gpu", List.of("--exclusive")));
        assertTrue(message(() -> WorkerJob.sbatchOptions("2h", null, null, List.of())).startsWith("--time '2h'"));
        assertTrue(message(() -> WorkerJob.sbatchOptions(null, "a b", null, List.of())).startsWith("--account"));
        assertTrue(message(() -> WorkerJob.sbatchOptions(null, null, null, List.of("mem=8G")))
                .contains("is not an sbatch option"));
        assertTrue(message(() -> WorkerJob.sbatchOptions(null, null, null, List.of("--nodes=4")))
                .contains("(use --nodes)"));
        assertTrue(message(() -> WorkerJob.sbatchOptions(null, null, null, List.of("-o/tmp/x")))
                .contains("-o is set by phasor slurm workers"));
        assertTrue(message(() -> new WorkerJob(0, List.of("h:1"), null, 5701, null, null, List.of("java"), "/l",
                List.of())).startsWith("--nodes must be at least 1"));
        assertTrue(message(() -> new WorkerJob(1, List.of("h:1"), "bad name", 5701, null, null, List.of("java"), "/l",
                List.of())).startsWith("--cluster-name 'bad name'"));
        assertTrue(message(() -> new WorkerJob(1, List.of(), null, 5701, null, null, List.of("java"), "/l",
                List.of())).startsWith("--join HOST[:PORT][,...] is required"));
    }

    @Test
    void sbatchGetsOneTaskPerNodeTheLogPatternAndTheUsersOptions() {
        assertEquals(List.of("--parsable", "--nodes=3", "--ntasks-per-node=1", "--job-name=lab",
                "--output=/shared/logs/phasor-workers-%j.out", "--cpus-per-task=4", "--time=1:30:00",
                "--account=proj1", "--partition=batch", "--mem=8G"),
                job(List.of("login1:5801"), "lab", 4, null).sbatchArgs());
        assertEquals("phasor-slurm-77", job(List.of("login1:5801"), null, null, null).clusterNameFor("77"));
    }

    @Test
    void theBatchScriptStartsOneWorkerPerNodeWithTheJoinListAndTheSeed() {
        String script = job(List.of("login1:5801", "10.0.0.9"), "lab", 4, "/shared/app.jar").batchScript();
        assertTrue(script.contains("exec srun --ntasks-per-node=1 --kill-on-bad-exit=0"
                + " --output='/shared/logs/phasor-worker-%j-%N.log' /bin/bash -c \"$node_script\""), script);
        assertTrue(script.contains("exec '/opt/jdk/bin/java' '-Dx=it'\\''s' '-cp' '/shared/a.jar:/shared/b.jar'"
                + " 'dev.phasor.cli.Main' 'worker' --cluster-name \"$PHASOR_SLURM_CLUSTER\" --bind \"$bind\""
                + " --port 5701 --join 'login1:5801,10.0.0.9:5701,'\"$seed:5701\" --threads 4"
                + " --classpath '/shared/app.jar'"), script);
        assertTrue(script.contains("getent ahostsv4 'login1'"), "binds to the interface facing the first join host");
        assertTrue(script.contains("cluster='lab'"), script);
        assertTrue(job(List.of("h:1"), null, null, null).batchScript()
                .contains("cluster=\"phasor-slurm-$SLURM_JOB_ID\""));
    }

    @Test
    void workersGetTheSecretFileOnlyWhenOneIsGiven() {
        String sealed = new WorkerJob(2, List.of("h:1"), null, 5701, null, null, List.of("java"), "/l", List.of(),
                "/home/ana/.phasor/it's secret").batchScript();
        assertTrue(sealed.contains(" --secret-file '/home/ana/.phasor/it'\\''s secret'\n"), sealed);
        assertTrue(!job(List.of("h:1"), null, null, null).batchScript().contains("--secret-file"));
    }

    @Test
    @Timeout(30)
    void theBatchScriptIsValidBash(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("job.sh");
        Files.writeString(f, job(List.of("login1:5801"), null, 2, null).batchScript());
        Process p = new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void sbatchsParsableOutputGivesTheJobId() {
        assertEquals("123", SlurmWorkersCommand.parseJobId("123\n"));
        assertEquals("123", SlurmWorkersCommand.parseJobId("123;cluster2\n"));
        assertEquals("9", SlurmWorkersCommand.parseJobId("sbatch: warning: something\n9\n"));
        assertTrue(message(() -> SlurmWorkersCommand.parseJobId("Submitted batch job x"))
                .startsWith("sbatch did not print a job id"));
    }

    @Test
    void everyOptionOfEverySlurmCommandHasHelpText() {
        picocli.CommandLine slurm = dev.phasor.cli.Cli.commandLine(null).getSubcommands().get("slurm");
        assertTrue(slurm != null, "phasor slurm is plugged in through the CommandProvider SPI");
        assertEquals(java.util.Set.of("workers", "members", "stop"), slurm.getSubcommands().keySet());
        for (picocli.CommandLine sub : slurm.getSubcommands().values()) {
            for (picocli.CommandLine.Model.ArgSpec a : sub.getCommandSpec().args()) {
                assertTrue(a.description().length > 0 && !a.description()[0].isBlank(),
                        sub.getCommandName() + " " + a + " has no help text");
            }
        }
    }

    private static String message(Runnable r) {
        return assertThrows(RuntimeException.class, r::run).getMessage();
    }
}
