package dev.phasor.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.cache.StepStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllListenersTest {

    @Test
    void aStepHeldBackReachesEveryListener() {
        List<String> heard = new ArrayList<>();
        RunListener first = new RunListener() {
            @Override
            public void stepHeld(StepStatus status) {
                heard.add("first:" + status.step());
            }
        };
        RunListener second = new RunListener() {
            @Override
            public void stepHeld(StepStatus status) {
                heard.add("second:" + status.step());
            }
        };
        RunListener.all(first, second).stepHeld(StepStatus.pending("train", 1, "k"));
        assertEquals(List.of("first:train", "second:train"), heard);
    }
}
