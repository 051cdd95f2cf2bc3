package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;

/**
 * A worker that agreed on the run's pipeline, and how many of its threads the coordinator keeps busy (each
 * invocation in flight, one step or a batch of them, holds one).
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

    int free() {
        return threads - busy;
    }
}
