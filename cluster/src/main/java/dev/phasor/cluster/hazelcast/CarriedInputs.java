package dev.phasor.cluster.hazelcast;

import dev.phasor.exec.PreparedPipeline;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * With {@code --results-over-network}: the step inputs the coordinator reads from its cache and carries to
 * workers that have no shared storage (the coordinator writes their results, {@code Coordinator.record}).
 */
final class CarriedInputs {

    private final PreparedPipeline prepared;

    CarriedInputs(PreparedPipeline prepared) {
        this.prepared = prepared;
    }

    /** The encoded results of the steps' inputs, as their files hold them (checked against their keys). */
    Map<String, byte[]> of(Collection<String> steps) {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        for (String step : steps) {
            for (String up : prepared.pipeline().step(step).inputs()) {
                if (inputs.containsKey(up)) {
                    continue;
                }
                try {
                    ResultFile.Contents c = ResultFile.read(prepared.layout().resultFile(up));
                    if (c.header().stepKey().equals(prepared.key(up))) {
                        inputs.put(up, c.payload());
                    }
                } catch (IOException e) {
                    // missing or damaged: the worker fails the step with InputUnavailable, naming this input
                }
            }
        }
        return inputs;
    }
}
