package dev.phasor.starter;

import dev.phasor.cli.CommandProvider;
import java.util.List;

/** Adds {@code phasor new}. */
public final class StarterCommands implements CommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new NewCommand());
    }
}
