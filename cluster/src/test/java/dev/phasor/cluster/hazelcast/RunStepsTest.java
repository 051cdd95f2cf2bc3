package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import dev.phasor.transport.Order;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator's message to a worker, through Hazelcast's own serialization. */
class RunStepsTest {

    @Test
    void ordersKeepTheirAttemptAndTheFailuresBeforeItOnTheWire() {
        InternalSerializationService wire = new DefaultSerializationServiceBuilder()
                .addDataSerializableFactory(Messages.FACTORY_ID, new Messages()).build();
        List<Order> orders = List.of(new Order("a", 1), new Order("b", 3, 1));
        RunSteps sent = new RunSteps("run-1", orders, Map.of("up", "x".getBytes(StandardCharsets.UTF_8)));

        RunSteps got = wire.toObject(wire.toData(sent));

        assertEquals("run-1", got.runId);
        assertEquals(orders, got.orders);
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), got.inputs.get("up"));
    }
}
