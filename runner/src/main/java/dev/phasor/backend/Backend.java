package dev.phasor.backend;

import dev.phasor.api.RunAbortedException;
import dev.phasor.transport.Transport;

/**
 * A backend opened for one run. Every process of a run opens one: the coordinator (the only one that
 * reads or writes the schema, the lock and the summary) and, for SPMD backends like MPJ Express, the
 * worker ranks.
 */
public interface Backend extends AutoCloseable {

    /** True in the process that plans and dispatches (rank 0, the Hazelcast coordinator, the local JVM). */
    boolean isCoordinator();

    /**
     * Coordinator only: readies the workers for {@code session}. Workers rebuild the pipeline and must
     * agree on its fingerprint; one that cannot or does not is refused by name, with the first step that
     * differs ({@link dev.phasor.exec.PreparedPipeline#firstDifference}), as a
     * {@link dev.phasor.api.BackendException}. After this call the workers wait for orders or an abort; the
     * transport announces each of them with {@link dev.phasor.transport.Event.Joined} before its first order.
     */
    Transport start(RunSession session);

    /**
     * Worker processes only: serves orders with {@code session}'s executor until the coordinator
     * finishes the run, then returns.
     *
     * @throws RunAbortedException if the coordinator aborted the run (its message and exit code)
     */
    void serve(WorkerSession session);

    /** Releases the backend's resources (threads, MPI, cluster membership). Idempotent. */
    @Override
    void close();
}
