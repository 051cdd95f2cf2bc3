package dev.phasor.cluster.slurm;

import dev.phasor.cli.CommandProvider;
import java.util.List;

/** Adds {@code phasor slurm} when the cluster module is on the classpath. */
public final class SlurmCommands implements CommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new SlurmCommand());
    }
}
