package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;

/**
 * Coordinator to worker: run {@code runId} is over (finished, aborted, or this worker was refused); forget
 * it and, if {@code interrupt}, interrupt its steps still running.
 */
final class ReleaseRun extends WorkerTask<Boolean> {

    String runId;
    String reason;
    boolean interrupt;

    ReleaseRun() {
    }

    ReleaseRun(String runId, String reason, boolean interrupt) {
        this.runId = runId;
        this.reason = reason;
        this.interrupt = interrupt;
    }

    @Override
    Boolean runOn(WorkerNode node) {
        return node.release(runId, reason, interrupt);
    }

    @Override
    public int getClassId() {
        return Messages.RELEASE_RUN;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(runId);
        out.writeString(reason);
        out.writeBoolean(interrupt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        runId = in.readString();
        reason = in.readString();
        interrupt = in.readBoolean();
    }
}
