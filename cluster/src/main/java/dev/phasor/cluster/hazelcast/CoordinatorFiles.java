package dev.phasor.cluster.hazelcast;

import dev.phasor.backend.StepReport;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the coordinator itself reads and writes in the cache for the dispatcher: step inputs to carry
 * to workers without shared storage, and the statuses no worker wrote (carried failures, lost steps).
 */
final class CoordinatorFiles {

    private final PreparedPipeline prepared;
    private final PrintWriter err;

    CoordinatorFiles(PreparedPipeline prepared, PrintWriter err) {
        this.prepared = prepared;
        this.err = err;
    }

    /** The encoded results of the step's inputs, as their files hold them (checked against their keys). */
    Map<String, byte[]> inputsOf(String step) {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (String up : prepared.pipeline().step(step).inputs()) {
            try {
                ResultFile.Contents c = ResultFile.read(prepared.layout().resultFile(up));
                if (c.header().stepKey().equals(prepared.key(up))) {
                    inputs.put(up, c.payload());
                }
            } catch (IOException e) {
                // missing or damaged: the worker fails the step with InputUnavailable, naming this input
            }
        }
        return inputs;
    }

    /** Fails a step whose workers kept being lost, and records why. */
    StepReport workerLost(Attempt a, String why, int lost) {
        int phase = prepared.pipeline().plan().phaseOf(prepared.pipeline().step(a.step()));
        StepStatus s = StepStatus.givenUp(a.step(), phase, prepared.key(a.step()), a.order.attempt(), "WorkerLost",
                "lost " + lost + " workers while running this step (last: " + why + "); not dispatched again");
        writeStatus(s);
        return new StepReport(s, null);
    }

    void writeStatus(StepStatus status) {
        try {
            StatusFiles.write(prepared.layout().statusFile(status.step()), status);
        } catch (IOException e) {
            err.println("phasor: cannot write the status of step '" + status.step() + "': " + e);
            err.flush();
        }
    }
}
