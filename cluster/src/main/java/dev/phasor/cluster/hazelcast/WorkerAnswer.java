package dev.phasor.cluster.hazelcast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** Worker to coordinator: the pipeline this worker built for a run (or why it could not), and its capacity. */
final class WorkerAnswer extends SealedMessage {

    String worker;
    int threads;
    /** The plan fingerprint, or null if the worker could not build the pipeline. */
    String fingerprint;
    List<String> signature;
    /** Why the worker could not build the pipeline, or why it refused the message, or null. */
    String error;
    /** True if the worker refused the message itself (its seal): {@code error} says why. */
    boolean refused;

    WorkerAnswer() {
    }

    static WorkerAnswer built(String worker, int threads, String fingerprint, List<String> signature) {
        WorkerAnswer a = new WorkerAnswer();
        a.worker = worker;
        a.threads = threads;
        a.fingerprint = fingerprint;
        a.signature = List.copyOf(signature);
        return a;
    }

    static WorkerAnswer cannot(String worker, int threads, String error) {
        WorkerAnswer a = new WorkerAnswer();
        a.worker = worker;
        a.threads = threads;
        a.signature = List.of();
        a.error = error;
        return a;
    }

    static WorkerAnswer refused(String worker, int threads, String why) {
        WorkerAnswer a = cannot(worker, threads, why);
        a.refused = true;
        return a;
    }

    @Override
    public int getClassId() {
        return Messages.WORKER_ANSWER;
    }

    @Override
    void writeBody(DataOutput out, Payloads payloads) throws IOException {
        Messages.writeString(out, worker);
        out.writeInt(threads);
        Messages.writeString(out, fingerprint);
        Messages.writeStrings(out, signature);
        Messages.writeString(out, error);
        out.writeBoolean(refused);
    }

    @Override
    void readBody(DataInput in, Payloads payloads) throws IOException {
        worker = Messages.readString(in);
        threads = in.readInt();
        fingerprint = Messages.readString(in);
        signature = Messages.readStrings(in);
        error = Messages.readString(in);
        refused = in.readBoolean();
    }
}
