package dev.phasor.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Coordinator to worker: run {@code runId} is over (finished, aborted, or this worker was refused); forget
 * it and, if {@code interrupt}, interrupt its steps still running.
 */
final class ReleaseRun implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {

    String runId;
    String reason;
    boolean interrupt;
    private transient HazelcastInstance hz;

    ReleaseRun() {
    }

    ReleaseRun(String runId, String reason, boolean interrupt) {
        this.runId = runId;
        this.reason = reason;
        this.interrupt = interrupt;
    }

    @Override
    public Boolean call() {
        return WorkerNode.of(hz).release(runId, reason, interrupt);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    @Override
    public int getFactoryId() {
        return Messages.FACTORY_ID;
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
