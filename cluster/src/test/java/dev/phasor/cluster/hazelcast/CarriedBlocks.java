package dev.phasor.cluster.hazelcast;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Results larger than one message part of {@code --results-over-network} ({@link HazelcastTransport#INPUT_PART_BYTES}):
 * {@code phasor.test.blocks} steps each returning a block of seeded random bytes, then a step returning the
 * SHA-256 of every block it received, in order.
 */
public final class CarriedBlocks implements PipelineDefinition {

    static final int BLOCK_BYTES = 3 << 19; // 1.5 MiB

    /** Block {@code i}, computed without Phasor. */
    static byte[] block(int i) {
        byte[] b = new byte[BLOCK_BYTES];
        new Random(i).nextBytes(b);
        return b;
    }

    /** The hex SHA-256 of the blocks, one after the other. */
    static String digest(List<byte[]> blocks) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            blocks.forEach(sha::update);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("carried-blocks");
        List<Step<byte[]>> blocks = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("phasor.test.blocks", 4); i++) {
            blocks.add(p.step("block_" + i, Params.of("i", i), ps -> block(ps.getInt("i"))));
        }
        p.stepAll("digest", blocks, CarriedBlocks::digest);
        return p.build();
    }
}
