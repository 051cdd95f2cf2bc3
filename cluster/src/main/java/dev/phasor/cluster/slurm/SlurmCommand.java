package dev.phasor.cluster.slurm;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code phasor slurm}: the parent of {@code workers}, {@code members} and {@code stop}. */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = {"Run Hazelcast worker nodes as a Slurm job.",
            "Submit them (workers), list their join addresses (members), end them (stop). Uses sbatch, squeue,"
                + " scontrol and scancel from PATH."},
        subcommands = {SlurmWorkersCommand.class, SlurmMembersCommand.class, SlurmStopCommand.class},
        footer = {"", "Example:",
            "  job=$(phasor slurm workers --nodes 4 --time 2:00:00 \\",
            "      --join login1:5801 | head -1)",
            "  phasor run com.example.MyPipeline --backend hazelcast \\",
            "      --cluster-name phasor-slurm-$job \\",
            "      --join $(phasor slurm members $job),login1:5801 \\",
            "      --bind login1 --port 5801 --cache /shared/cache",
            "  phasor slurm stop $job"})
public final class SlurmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
