package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Coordinator to worker: build the pipeline of run {@code runId} and say what you built. Runs on the
 * worker's control executor.
 */
final class PrepareRun extends WorkerTask<WorkerAnswer> {

    String runId;
    UUID coordinator;
    String className;
    List<String> classpath;
    /** The coordinator's cache root (shared storage), unused when results travel over the network. */
    String cacheRoot;
    boolean carryResults;
    /** The coordinator's plan fingerprint: a worker that builds the same needs not send its signature back. */
    String fingerprint;

    PrepareRun() {
    }

    PrepareRun(String runId, UUID coordinator, String className, List<String> classpath, String cacheRoot,
            boolean carryResults, String fingerprint) {
        this.runId = runId;
        this.coordinator = coordinator;
        this.className = className;
        this.classpath = List.copyOf(classpath);
        this.cacheRoot = cacheRoot;
        this.carryResults = carryResults;
        this.fingerprint = fingerprint;
    }

    @Override
    WorkerAnswer runOn(WorkerNode node) {
        return node.prepare(this);
    }

    @Override
    public int getClassId() {
        return Messages.PREPARE_RUN;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(runId);
        out.writeString(coordinator.toString());
        out.writeString(className);
        Messages.writeStrings(out, classpath);
        out.writeString(cacheRoot);
        out.writeBoolean(carryResults);
        out.writeString(fingerprint);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        runId = in.readString();
        coordinator = UUID.fromString(in.readString());
        className = in.readString();
        classpath = Messages.readStrings(in);
        cacheRoot = in.readString();
        carryResults = in.readBoolean();
        fingerprint = in.readString();
    }
}
