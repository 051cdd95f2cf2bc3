package dev.phasor.bench;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code payload}: M steps each returning a 1 MiB {@code byte[]} filled with its index, then one step that
 * checks every byte and sums their lengths (M MiB). Measures result bytes written and read through the cache.
 */
public final class PayloadBench implements BenchPipeline {

    static final int MIB = 1 << 20;
    private final int m;

    public PayloadBench() {
        this(BenchSpec.fromSystemProperties());
    }

    public PayloadBench(BenchSpec spec) {
        this.m = spec.payloadMib();
    }

    static byte[] block(Params p) {
        byte[] b = new byte[MIB];
        Arrays.fill(b, (byte) p.getInt("i"));
        return b;
    }

    /** Sums the lengths; a block whose bytes are not its index fails the step (and so the bench). */
    static long sum(List<byte[]> blocks) {
        long total = 0;
        byte[] expected = new byte[MIB];
        for (int i = 0; i < blocks.size(); i++) {
            byte[] b = blocks.get(i);
            Arrays.fill(expected, (byte) i);
            int at = Arrays.mismatch(b, expected); // vectorised: the check must not dominate the measured run
            if (at >= 0) {
                throw new IllegalStateException("block " + i + " differs from its expected bytes at offset " + at);
            }
            total += b.length;
        }
        return total;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("bench-payload-" + m);
        List<Step<byte[]>> blocks = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            blocks.add(p.step("p" + i, Params.of("i", i), PayloadBench::block));
        }
        p.stepAll("sum", blocks, PayloadBench::sum);
        return p.build();
    }

    @Override
    public String id() {
        return "payload";
    }

    @Override
    public int widestPhase() {
        return m;
    }

    @Override
    public int steps() {
        return m + 1;
    }

    @Override
    public long payloadBytes() {
        return 2L * m * MIB; // each block written once and read once
    }

    @Override
    public void check(Results results) {
        BenchPipeline.expect(id(), "sum", results.result("sum"), (long) m * MIB);
        byte[] last = (byte[]) results.result("p" + (m - 1));
        if (last.length != MIB || last[MIB - 1] != (byte) (m - 1)) {
            throw new WrongResultException(id() + ": step p" + (m - 1) + " holds a wrong block");
        }
    }
}
