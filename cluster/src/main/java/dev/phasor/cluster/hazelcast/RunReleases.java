package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Tells workers that a run is over for them: one at a time (refused, dropped) or all at its end. */
final class RunReleases {

    /** How long a release waits for workers' acknowledgements; an abort also waits for interrupted steps. */
    private static final long RELEASE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long ABORT_WAIT_NANOS = WorkerNode.ABORT_WAIT_NANOS + RELEASE_WAIT_NANOS;

    private final IExecutorService control;
    private final String runId;
    private final RunSealer sealer;

    RunReleases(IExecutorService control, String runId, RunSealer sealer) {
        this.control = control;
        this.runId = runId;
        this.sealer = sealer;
    }

    /** Releases one worker without waiting (it interrupts what it still runs of the run). */
    void send(Member m, String reason) {
        try {
            control.submitToMember(sealer.stamp(new ReleaseRun(runId, reason, true), m.getUuid()), m);
        } catch (RuntimeException e) {
            // gone already: it dropped the run with its membership
        }
    }

    /**
     * Releases every target and waits (bounded) for their acknowledgements; with {@code interrupt}, a worker
     * acknowledges once its interrupted steps have ended.
     *
     * @return true if this thread was interrupted while waiting (the caller restores the flag)
     */
    boolean awaitAll(List<Member> targets, String reason, boolean interrupt) {
        List<Future<Boolean>> acks = new ArrayList<>();
        for (Member m : targets) {
            try {
                acks.add(control.submitToMember(sealer.stamp(new ReleaseRun(runId, reason, interrupt), m.getUuid()), m));
            } catch (RuntimeException e) {
                // the member is gone or going: nothing to release there
            }
        }
        long deadline = System.nanoTime() + (interrupt ? ABORT_WAIT_NANOS : RELEASE_WAIT_NANOS);
        for (Future<Boolean> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // a worker that does not answer drops the run when this coordinator leaves
            } catch (InterruptedException e) {
                return true;
            }
        }
        return false;
    }
}
