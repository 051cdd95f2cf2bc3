package dev.phasor.cluster.hazelcast;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;

/** One step returning a block of {@code phasor.test.blockMib} MiB (default 100), byte i being {@code i % 251}. */
public final class LargeBlock implements PipelineDefinition {

    /** The block, computed without Phasor. */
    static byte[] block(int mib) {
        byte[] b = new byte[mib << 20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("large-block");
        p.step("big", Params.of("mib", Integer.getInteger("phasor.test.blockMib", 100)), ps -> block(ps.getInt("mib")));
        return p.build();
    }
}
