package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;

/**
 * A worker that agreed on the run's pipeline, and how many invocations the coordinator has in flight on it
 * (one step or a batch of them each). Single steps take one thread each; batches may also queue one more per
 * thread, so that a thread that ends its batch starts the next at once instead of waiting a round trip.
 */
final class WorkerSlot {

    final Member member;
    final String name;
    final int threads;
    int busy;

    WorkerSlot(Member member, String name, int threads) {
        this.member = member;
        this.name = name;
        this.threads = Math.max(1, threads);
    }

    /** Invocations it may take now: its threads, and with batches one more queued per thread. */
    int free(boolean batches) {
        return (batches ? 2 * threads : threads) - busy;
    }
}
