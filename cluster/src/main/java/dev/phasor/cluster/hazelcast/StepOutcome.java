package dev.phasor.cluster.hazelcast;

import dev.phasor.exec.StepReport;
import dev.phasor.transport.Report;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Worker to coordinator: the {@link Report} of a step it ran, or why it did not run it (then the coordinator
 * takes the worker out of the run, and the engine places its orders elsewhere), or that the order was
 * withdrawn (a follower whose step did not succeed: {@link dev.phasor.transport.Followers}; nothing to report).
 */
final class StepOutcome {

    private String step;
    private int attempt;
    private boolean succeeded;
    private long durationNanos;
    private byte[] status;
    private byte[] result;
    private String refusal;
    private boolean withdrawn;

    StepOutcome() {
    }

    static StepOutcome report(StepReport ran) {
        Report r = ran.toReport();
        StepOutcome o = new StepOutcome();
        o.step = r.step();
        o.attempt = r.attempt();
        o.succeeded = r.succeeded();
        o.durationNanos = r.durationNanos();
        o.status = r.status();
        o.result = r.result();
        return o;
    }

    static StepOutcome refused(String why) {
        StepOutcome o = new StepOutcome();
        o.refusal = why;
        return o;
    }

    static StepOutcome withdrawn() {
        StepOutcome o = new StepOutcome();
        o.withdrawn = true;
        return o;
    }

    /** True for a withdrawn follower: not run, and nothing to report. */
    boolean withdrawnFollower() {
        return withdrawn;
    }

    /** True if the step ran and succeeded. */
    boolean succeeded() {
        return succeeded;
    }

    /**
     * True if the worker ran the step, or withdrew the order as it must; false if it refused the order
     * ({@link #refusal()} says why).
     */
    boolean ran() {
        return refusal == null;
    }

    String refusal() {
        return refusal;
    }

    Report toReport() {
        return new Report(step, attempt, succeeded, durationNanos, status, result);
    }

    void write(DataOutput out, SealedMessage.Payloads payloads) throws IOException {
        Messages.writeString(out, refusal);
        if (refusal == null) {
            out.writeBoolean(withdrawn);
        }
        if (refusal == null && !withdrawn) {
            Messages.writeString(out, step);
            out.writeInt(attempt);
            out.writeBoolean(succeeded);
            out.writeLong(durationNanos);
            Messages.writeBytes(out, status);
            Messages.writeBytes(out, payloads.write(result));
        }
    }

    static StepOutcome read(DataInput in, SealedMessage.Payloads payloads) throws IOException {
        StepOutcome o = new StepOutcome();
        o.refusal = Messages.readString(in);
        if (o.refusal == null) {
            o.withdrawn = in.readBoolean();
        }
        if (o.refusal == null && !o.withdrawn) {
            o.step = Messages.readString(in);
            o.attempt = in.readInt();
            o.succeeded = in.readBoolean();
            o.durationNanos = in.readLong();
            o.status = Messages.readBytes(in);
            o.result = payloads.read(Messages.readBytes(in));
        }
        return o;
    }
}
