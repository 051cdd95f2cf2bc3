package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import java.util.List;

/**
 * What happens in the cluster during a run, queued by Hazelcast's threads and handled on the coordinator's
 * thread only, so the dispatcher's state needs no locks.
 */
sealed interface DispatchEvent {

    /** A member joined the cluster. */
    record MemberUp(Member member) implements DispatchEvent {
    }

    /** A member left the cluster (stopped or declared dead). */
    record MemberDown(Member member) implements DispatchEvent {
    }

    /** A worker answered a {@link PrepareRun}, or could not be asked ({@code failure}). */
    record Answered(Member member, WorkerAnswer answer, Throwable failure) implements DispatchEvent {
    }

    /** An attempt ended: the worker's outcome, or the failure of the invocation. */
    record AttemptEnded(Attempt attempt, StepOutcome outcome, Throwable failure) implements DispatchEvent {
    }

    /** A batch of attempts on one worker ended: their outcomes in order, or the failure of the invocation. */
    record BatchEnded(List<Attempt> attempts, StepOutcomes outcomes, Throwable failure) implements DispatchEvent {
    }
}
