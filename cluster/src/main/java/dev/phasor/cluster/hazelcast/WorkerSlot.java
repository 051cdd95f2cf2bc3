package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;

/** A worker member that agreed on the run's pipeline: the engine knows it by {@code name}. */
final class WorkerSlot {

    final Member member;
    final String name;
    final int threads;

    WorkerSlot(Member member, String name, int threads) {
        this.member = member;
        this.name = name;
        this.threads = Math.max(1, threads);
    }
}
