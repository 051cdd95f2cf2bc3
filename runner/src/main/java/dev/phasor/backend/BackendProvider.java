package dev.phasor.backend;

import java.util.List;

/**
 * Entry point of a backend, found with {@link java.util.ServiceLoader}. Implementations need a public
 * no-argument constructor and must be cheap to construct: the CLI instantiates every provider on the
 * classpath to offer its options.
 */
public interface BackendProvider {

    /** The id users pass to {@code --backend}: {@code local}, {@code mpj}, {@code hazelcast}. */
    String id();

    /** One line for {@code --help}. */
    String description();

    /**
     * A fresh picocli-annotated object whose options are added to {@code phasor run} (as a mixin), or
     * null if the backend has none. The same object is handed back in {@link BackendContext#options()}.
     * Option names must be unique across backends: prefix them if in doubt.
     */
    default Object options() {
        return null;
    }

    /** Extra top-level commands (picocli-annotated objects), such as a worker-node command. */
    default List<Object> commands() {
        return List.of();
    }

    /** Opens the backend for one run. */
    Backend open(BackendContext context);
}
