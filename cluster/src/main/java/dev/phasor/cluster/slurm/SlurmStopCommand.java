package dev.phasor.cluster.slurm;

import dev.phasor.api.BackendException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phasor slurm stop JOB}: scancel, then wait a bounded time for the job to leave the queue. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"End a worker job and wait until it has left the queue.",
            "scancel sends SIGTERM to every worker (each leaves its cluster cleanly; steps it was running are"
                + " dispatched again elsewhere). Exit 4 when the job is still there after --wait seconds."})
final class SlurmStopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id printed by phasor slurm workers.")
    String job;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the job to end (default: ${DEFAULT-VALUE}; Slurm kills what is left"
                    + " after its KillWait, 30 s by default); 0 returns at once.")
    int waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("--wait must not be negative, got " + waitSeconds);
        }
        String id = JobQueue.checkJobId(job);
        SlurmTools tools = SlurmTools.fromEnvironment();
        JobQueue queue = new JobQueue(tools, id);
        JobQueue.State before = queue.state();
        PrintWriter out = spec.commandLine().getOut();
        if (before.name().equals("GONE")) {
            // scancel says nothing about an unknown job: say it here
            throw new BackendException("job " + id + " is not known to Slurm (a wrong id, or it ended long ago)");
        }
        if (before.gone()) {
            out.println("job " + id + " already ended (" + before.name() + ")");
            out.flush();
            return 0;
        }
        SlurmTools.Result r = tools.run("scancel", List.of(id), null);
        if (!r.ok()) {
            throw new BackendException("scancel could not end job " + id + " (exit " + r.exitCode() + "): "
                    + r.err().strip());
        }
        out.println("cancelled job " + id + (waitSeconds > 0 ? ": waiting for it to leave the queue" : ""));
        out.flush();
        if (waitSeconds == 0) {
            return 0;
        }
        JobQueue.State end = queue.awaitGone(waitSeconds);
        if (!end.gone()) {
            throw new BackendException("job " + id + " is still " + end.name() + " " + waitSeconds + " s after"
                    + " scancel (see squeue -j " + id + ")");
        }
        out.println("job " + id + " ended (" + end.name() + ")");
        out.flush();
        return 0;
    }
}
