package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import dev.phasor.cluster.secret.SealBrokenException;
import dev.phasor.cluster.secret.SharedSecret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Inputs sent ahead of their order, through Hazelcast's own serialization, in the clear and sealed. */
class StageInputsTest {

    private final InternalSerializationService wire = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(Messages.FACTORY_ID, new Messages()).build();
    private final UUID coordinator = UUID.randomUUID();
    private final UUID worker = UUID.randomUUID();

    @Test
    void aLargeInputArrivesByteForByteInTheClear() {
        byte[] large = new byte[3 << 20];
        Arrays.fill(large, (byte) 7);
        large[large.length - 1] = 9;
        StageInputs sent = new RunSealer(null, coordinator, "run-1").stamp(new StageInputs("run-1",
                inputs("a", large, "b", new byte[0])), worker);

        StageInputs got = wire.toObject(wire.toData(sent));

        assertFalse(got.isSealed());
        assertEquals(Messages.STAGE_INPUTS, got.header().kind());
        assertEquals(List.of("a", "b"), List.copyOf(got.inputs.keySet()), "in order");
        assertArrayEquals(large, got.inputs.get("a"));
        assertArrayEquals(new byte[0], got.inputs.get("b"));
    }

    @Test
    void aSealedPartHidesItsInputsAndOpensOnlyForItsMemberWithTheRunsKeys() throws Exception {
        SharedSecret secret = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
        RunSealer sealer = new RunSealer(secret, coordinator, "run-1");
        byte[] input = "an upstream result that must stay secret".getBytes(StandardCharsets.UTF_8);
        Data bytes = wire.toData(sealer.stamp(new StageInputs("run-1", inputs("up", input)), worker));

        assertFalse(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1).contains("must stay secret"));
        StageInputs elsewhere = wire.toObject(bytes);
        assertThrows(SealBrokenException.class,
                () -> elsewhere.open(secret.runKeys(sealer.nonce()), UUID.randomUUID()), "sealed for another member");
        StageInputs got = wire.toObject(bytes);
        assertTrue(got.isSealed());
        assertNull(got.inputs, "nothing of the body is read before it is opened");
        got.open(secret.runKeys(sealer.nonce()), worker);
        assertArrayEquals(input, got.inputs.get("up"));
    }

    private static Map<String, byte[]> inputs(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return m;
    }
}
