package dev.phasor.cluster.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.List;

/** Worker to coordinator: the pipeline this worker built for a run (or why it could not), and its capacity. */
final class WorkerAnswer implements IdentifiedDataSerializable {

    String worker;
    int threads;
    /** The plan fingerprint, or null if the worker could not build the pipeline. */
    String fingerprint;
    List<String> signature;
    /** Why the worker could not build the pipeline, or null. */
    String error;

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

    @Override
    public int getFactoryId() {
        return Messages.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return Messages.WORKER_ANSWER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(worker);
        out.writeInt(threads);
        out.writeString(fingerprint);
        Messages.writeStrings(out, signature);
        out.writeString(error);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        worker = in.readString();
        threads = in.readInt();
        fingerprint = in.readString();
        signature = Messages.readStrings(in);
        error = in.readString();
    }
}
