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
import dev.phasor.transport.Order;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The coordinator's message to a worker, through Hazelcast's own serialization, in the clear and sealed. */
class RunStepsTest {

    private static final byte[] INPUT = "the upstream result".getBytes(StandardCharsets.UTF_8);
    private final InternalSerializationService wire = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(Messages.FACTORY_ID, new Messages()).build();
    private final List<Order> orders = List.of(new Order("a", 1), new Order("b", 3, 1));
    private final UUID coordinator = UUID.randomUUID();
    private final UUID worker = UUID.randomUUID();

    @Test
    void ordersKeepTheirAttemptAndTheFailuresBeforeItOnTheWire() {
        RunSteps sent = new RunSealer(null, coordinator, "run-1").stamp(new RunSteps("run-1", orders,
                Map.of("up", INPUT)), worker);

        RunSteps got = wire.toObject(wire.toData(sent));

        assertFalse(got.isSealed());
        assertEquals("run-1", got.header().runId());
        assertEquals(coordinator, got.header().from());
        assertNull(got.header().secretId());
        assertEquals(orders, got.orders);
        assertArrayEquals(INPUT, got.inputs.get("up"));
    }

    @Test
    void aSealedMessageHidesItsInputsAndOpensOnlyForItsMemberWithTheRunsKeys() throws Exception {
        SharedSecret secret = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
        RunSealer sealer = new RunSealer(secret, coordinator, "run-1");
        RunSteps sent = sealer.stamp(new RunSteps("run-1", orders, Map.of("up", INPUT)), worker);

        Data bytes = wire.toData(sent);
        String raw = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("the upstream result"), "the input travels encrypted");
        RunSteps got = wire.toObject(bytes);
        assertTrue(got.isSealed());
        assertNull(got.orders, "nothing of the body is read before it is opened");
        assertEquals(secret.id(), got.header().secretId());

        RunSteps elsewhere = wire.toObject(bytes);
        assertThrows(SealBrokenException.class, () -> elsewhere.open(secret.runKeys(sealer.nonce()), UUID.randomUUID()),
                "sealed for another member");
        RunSteps otherRun = wire.toObject(bytes);
        assertThrows(SealBrokenException.class, () -> otherRun.open(secret.runKeys(new byte[16]), worker));

        got.open(secret.runKeys(sealer.nonce()), worker);
        assertEquals(orders, got.orders);
        assertArrayEquals(INPUT, got.inputs.get("up"));
    }

    @Test
    void aMessageReadAndNotOpenedIsWrittenAgainByteForByteAsAReplayWouldBe() {
        SharedSecret secret = SharedSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
        RunSteps sent = new RunSealer(secret, coordinator, "run-1").stamp(new RunSteps("run-1", orders, Map.of()),
                worker);
        Data captured = wire.toData(sent);

        RunSteps replayed = wire.toObject(captured);

        assertArrayEquals(captured.toByteArray(), wire.toData(replayed).toByteArray());
    }

    @Test
    void eachMessageOfARunHasTheNextSequenceNumber() {
        RunSealer sealer = new RunSealer(null, coordinator, "run-1");
        long first = sealer.stamp(new RunSteps("run-1", orders, Map.of()), worker).header().seq();
        long second = sealer.stamp(new ReleaseRun("run-1", "finished", false), worker).header().seq();
        assertEquals(first + 1, second);
    }
}
