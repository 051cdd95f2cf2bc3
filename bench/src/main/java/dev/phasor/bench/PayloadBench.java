package dev.phasor.bench;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code payload}: M steps each returning a block ({@code byte[]}, 1 MiB unless {@code --payload-block-mib})
 * filled with its index, then one step that checks every byte and sums their lengths. Measures result bytes
 * written and read through the cache.
 */
public final class PayloadBench implements BenchPipeline {

    static final int MIB = 1 << 20;
    private final int m;
    private final int blockBytes;

    public PayloadBench() {
        this(BenchSpec.fromSystemProperties());
    }

    public PayloadBench(BenchSpec spec) {
        this.m = spec.payloadMib();
        this.blockBytes = spec.payloadBlockMib() * MIB;
    }

    static byte[] block(Params p) {
        byte[] b = new byte[p.getInt("bytes")];
        Arrays.fill(b, (byte) p.getInt("i"));
        return b;
    }

    /** Sums the lengths; a block whose bytes are not its index fails the step (and so the bench). */
    static long sum(List<byte[]> blocks) {
        long total = 0;
        byte[] expected = new byte[blocks.isEmpty() ? 0 : blocks.get(0).length];
        for (int i = 0; i < blocks.size(); i++) {
            byte[] b = blocks.get(i);
            if (b.length != expected.length) {
                throw new IllegalStateException("block " + i + " holds " + b.length + " bytes, not " + expected.length);
            }
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
        PipelineBuilder p = Pipeline.builder("bench-payload-" + m + (blockBytes == MIB ? "" : "x" + blockBytes / MIB));
        List<Step<byte[]>> blocks = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            blocks.add(p.step("p" + i, Params.of("i", i, "bytes", blockBytes), PayloadBench::block));
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
        return 2L * m * blockBytes; // each block written once and read once
    }

    @Override
    public int estimatedResultBytes() {
        return blockBytes;
    }

    @Override
    public void check(Results results) {
        BenchPipeline.expect(id(), "sum", results.result("sum"), (long) m * blockBytes);
        byte[] last = (byte[]) results.result("p" + (m - 1));
        if (last.length != blockBytes || last[blockBytes - 1] != (byte) (m - 1)) {
            throw new WrongResultException(id() + ": step p" + (m - 1) + " holds a wrong block");
        }
    }
}
