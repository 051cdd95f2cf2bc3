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

/** {@code phasor slurm members JOB}: the join list of a running worker job, for {@code phasor run --join}. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = {"Print the join list of a running worker job (NODE:PORT,...), for phasor run --join.",
            "Exit 1 while the job is still pending (its nodes are not known yet)."})
final class SlurmMembersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id printed by phasor slurm workers.")
    String job;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + WorkerJob.DEFAULT_PORT,
            description = "The workers' --port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() {
        JobQueue queue = new JobQueue(SlurmTools.fromEnvironment(), JobQueue.checkJobId(job));
        JobQueue.State state = queue.state();
        if (state.gone()) {
            throw new BackendException("job " + job + " is not running (" + state.name() + ")");
        }
        if (!state.name().equals("RUNNING")) {
            spec.commandLine().getErr().println("phasor: job " + job + " is " + state.name()
                    + ": its nodes are not known until it runs");
            return 1;
        }
        List<String> hosts = queue.hostnames(state.nodeList());
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.join(",", hosts.stream().map(h -> h + ":" + port).toList()));
        out.flush();
        return 0;
    }
}
