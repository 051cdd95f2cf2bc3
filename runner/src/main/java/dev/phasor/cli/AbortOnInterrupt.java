package dev.phasor.cli;

import dev.phasor.run.Coordinator;
import java.io.PrintWriter;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during {@code phasor run}: the first SIGINT asks the coordinator to abort
 * ({@link Coordinator#requestAbort}), which stops the workers, writes the summary, the run manifest and the
 * report (outcome {@code aborted}) and releases the cache lock before {@code run} ends with exit code 130
 * and says how to resume. A second SIGINT ends the JVM at once (the OS releases the lock; finished results
 * stay valid), as in Nextflow and Snakemake.
 *
 * <p>A signal handler rather than a shutdown hook: during JVM shutdown the backends' own hooks (Hazelcast's)
 * would tear the cluster down while the run is still stopping its workers through it.
 */
final class AbortOnInterrupt implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private AbortOnInterrupt(SignalHandler previous) {
        this.previous = previous;
    }

    /** Handles SIGINT until {@link #close}; on the first one, tells {@code err} and aborts {@code coordinator}. */
    static AbortOnInterrupt install(Coordinator coordinator, PrintWriter err) {
        SignalHandler[] before = new SignalHandler[1];
        try {
            before[0] = Signal.handle(INT, signal -> {
                Signal.handle(INT, before[0]); // a second Ctrl-C: the default, immediate exit
                err.println();
                err.println("phasor: interrupted (Ctrl-C): stopping the workers, keeping finished results"
                        + " (Ctrl-C again to exit at once)...");
                err.flush();
                coordinator.requestAbort("the run was interrupted (Ctrl-C)");
            });
        } catch (IllegalArgumentException e) { // SIGINT reserved (java -Xrs): Ctrl-C keeps its default
            return new AbortOnInterrupt(null);
        }
        return new AbortOnInterrupt(before[0]);
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
