package dev.phasor.cli;

import java.util.List;

/**
 * Top-level commands contributed by a module that is not a backend (for instance {@code phasor bench}),
 * found with {@link java.util.ServiceLoader} ({@code META-INF/services/dev.phasor.cli.CommandProvider}).
 * Implementations need a public no-argument constructor and must be cheap to construct.
 */
public interface CommandProvider {

    /** Fresh picocli-annotated command objects, added to {@code phasor}. */
    List<Object> commands();
}
