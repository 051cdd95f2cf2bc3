package dev.phasor.cluster.hazelcast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Coordinator to worker: build the pipeline of the run and say what you built. The run's opening message:
 * sealed with the secret's own key (the worker knows no run key yet), it carries the run's random nonce, from
 * which both sides derive the run's key, and its time of issue, so that a replay is refused as stale. Runs on
 * the worker's control executor.
 */
final class PrepareRun extends WorkerTask<WorkerAnswer> {

    UUID coordinator;
    String className;
    List<String> classpath;
    /** The coordinator's cache root (shared storage), unused when results travel over the network. */
    String cacheRoot;
    boolean carryResults;
    /** The coordinator's plan fingerprint: a worker that builds the same needs not send its signature back. */
    String fingerprint;
    /** The run's random nonce: its key is derived from it. */
    byte[] nonce;
    /** When the coordinator sent this, in its clock's milliseconds since the epoch. */
    long issuedAtMillis;
    /** The run's {@code --cache-mode} ({@code CacheMode.word()}): the worker creates its files with it. */
    String cacheMode;

    PrepareRun() {
    }

    PrepareRun(String runId, UUID coordinator, String className, List<String> classpath, String cacheRoot,
            boolean carryResults, String fingerprint, byte[] nonce, String cacheMode) {
        plain(new SealHeader(Messages.PREPARE_RUN, coordinator, null, runId, 0, null));
        this.coordinator = coordinator;
        this.className = className;
        this.classpath = List.copyOf(classpath);
        this.cacheRoot = cacheRoot;
        this.carryResults = carryResults;
        this.fingerprint = fingerprint;
        this.nonce = nonce.clone();
        this.issuedAtMillis = System.currentTimeMillis();
        this.cacheMode = cacheMode;
    }

    String runId() {
        return header().runId();
    }

    @Override
    WorkerAnswer runOn(WorkerNode node) {
        return node.prepare(this);
    }

    @Override
    WorkerAnswer refused(WorkerNode node, String why) {
        return node.refusal(why);
    }

    @Override
    public int getClassId() {
        return Messages.PREPARE_RUN;
    }

    @Override
    void writeBody(DataOutput out, Payloads payloads) throws IOException {
        Messages.writeUuid(out, coordinator);
        Messages.writeString(out, className);
        Messages.writeStrings(out, classpath);
        Messages.writeString(out, cacheRoot);
        out.writeBoolean(carryResults);
        Messages.writeString(out, fingerprint);
        Messages.writeBytes(out, nonce);
        out.writeLong(issuedAtMillis);
        Messages.writeString(out, cacheMode);
    }

    @Override
    void readBody(DataInput in, Payloads payloads) throws IOException {
        coordinator = Messages.readUuid(in);
        className = Messages.readString(in);
        classpath = Messages.readStrings(in);
        cacheRoot = Messages.readString(in);
        carryResults = in.readBoolean();
        fingerprint = Messages.readString(in);
        nonce = Messages.readBytes(in);
        issuedAtMillis = in.readLong();
        cacheMode = Messages.readString(in);
    }
}
