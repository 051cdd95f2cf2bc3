package dev.phasor.cluster.hazelcast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Coordinator to worker: the run is over (finished, aborted, or this worker was refused); forget it and, if
 * {@code interrupt}, interrupt its steps still running.
 */
final class ReleaseRun extends WorkerTask<Boolean> {

    String reason;
    boolean interrupt;

    ReleaseRun() {
    }

    ReleaseRun(String runId, String reason, boolean interrupt) {
        plain(new SealHeader(Messages.RELEASE_RUN, null, null, runId, 0, null));
        this.reason = reason;
        this.interrupt = interrupt;
    }

    @Override
    Boolean runOn(WorkerNode node) {
        return node.release(header().runId(), reason, interrupt);
    }

    @Override
    Boolean refused(WorkerNode node, String why) {
        return false;
    }

    @Override
    public int getClassId() {
        return Messages.RELEASE_RUN;
    }

    @Override
    void writeBody(DataOutput out, Payloads payloads) throws IOException {
        Messages.writeString(out, reason);
        out.writeBoolean(interrupt);
    }

    @Override
    void readBody(DataInput in, Payloads payloads) throws IOException {
        reason = Messages.readString(in);
        interrupt = in.readBoolean();
    }
}
