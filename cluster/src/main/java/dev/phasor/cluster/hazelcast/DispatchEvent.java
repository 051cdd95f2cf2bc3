package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import dev.phasor.transport.Order;
import java.util.List;

/**
 * What happens in the cluster during a run, queued by Hazelcast's threads and handled on the coordinator's
 * thread only, so the transport's state needs no locks.
 */
sealed interface DispatchEvent {

    /** A member joined the cluster. */
    record MemberUp(Member member) implements DispatchEvent {
    }

    /** A member left the cluster (stopped or declared dead). */
    record MemberDown(Member member) implements DispatchEvent {
    }

    /** A worker answered the {@link PrepareRun} {@code sent} (its header), or could not be asked ({@code failure}). */
    record Answered(Member member, SealHeader sent, WorkerAnswer answer, Throwable failure) implements DispatchEvent {
    }

    /**
     * A message of orders sent to {@code worker} ({@code sent}: its header) was answered: their outcomes in order,
     * or the invocation failed.
     */
    record BatchEnded(WorkerSlot worker, List<Order> orders, SealHeader sent, StepOutcomes outcomes, Throwable failure)
            implements DispatchEvent {
    }

    /**
     * A worker answered a {@link StageInputs} ({@code sent}: its header) carrying part of the inputs of {@code
     * staged}: with no outcome if it staged them, or the invocation failed.
     */
    record InputsStaged(StagedOrders staged, SealHeader sent, StepOutcomes answer, Throwable failure)
            implements DispatchEvent {
    }
}
