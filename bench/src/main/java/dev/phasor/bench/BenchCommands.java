package dev.phasor.bench;

import dev.phasor.cli.CommandProvider;
import java.util.List;

/** Adds {@code bench} to {@code phasor} when this module is on the classpath. */
public final class BenchCommands implements CommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new BenchCommand());
    }
}
