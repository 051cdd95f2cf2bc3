package dev.phasor.cluster.hazelcast;

import dev.phasor.exec.PreparedPipeline;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * With {@code --results-over-network}: the step inputs the coordinator reads from its cache and carries to
 * workers that have no shared storage (the coordinator writes their results, {@code Coordinator.record}).
 */
final class CarriedInputs {

    private final PreparedPipeline prepared;

    CarriedInputs(PreparedPipeline prepared) {
        this.prepared = prepared;
    }

    /**
     * The encoded results of the steps' inputs, as their files hold them (checked against their keys), read one
     * at a time and cut into parts of about {@code partBytes} (an input larger than
     * that is a part of its own): each part but the last goes to {@code full} as soon as the next input does not
     * fit in it, so that this holds one part at a time; the last part is returned (empty without inputs).
     */
    Map<String, byte[]> inParts(Collection<String> steps, int partBytes, Consumer<Map<String, byte[]>> full) {
        Map<String, byte[]> part = new LinkedHashMap<>();
        long bytes = 0;
        for (String up : inputsOf(steps)) {
            byte[] payload = read(up);
            if (payload == null) {
                continue; // missing or damaged: the worker fails the step with InputUnavailable, naming this input
            }
            if (!part.isEmpty() && bytes + payload.length > partBytes) {
                full.accept(part);
                part = new LinkedHashMap<>();
                bytes = 0;
            }
            part.put(up, payload);
            bytes += payload.length;
        }
        return part;
    }

    private Set<String> inputsOf(Collection<String> steps) {
        Set<String> inputs = new LinkedHashSet<>();
        for (String step : steps) {
            inputs.addAll(prepared.pipeline().step(step).inputs());
        }
        return inputs;
    }

    /** The encoded result of {@code step} if its file holds one for its key, else null. */
    private byte[] read(String step) {
        try {
            ResultFile.Contents c = ResultFile.read(prepared.layout().resultFile(step));
            return c.header().stepKey().equals(prepared.key(step)) ? c.payload() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
