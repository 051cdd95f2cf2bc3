package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.phasor.api.BackendException;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.cache.StepStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MpjOrderBookTest {

    private static StepOrder order(String step) {
        return new StepOrder(step, 1);
    }

    private static StepReport report(String step, double millis) {
        return new StepReport(new StepStatus(step, 0, 0, "done", "k", "ran", null, null, millis, "w", "h", 1, null,
                null, null, null, null, 0), null);
    }

    private static Map<Integer, List<String>> names(Map<Integer, List<StepOrder>> assigned) {
        return assigned.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(StepOrder::step).toList()));
    }

    @Test
    void dynamicGivesOneStepToEachRankThenTheNextToWhicheverFinishesFirst() {
        OrderBook book = OrderBook.dynamic(3, 4);
        List.of("a", "b", "c", "d", "e").forEach(s -> book.add(order(s)));
        assertEquals(Map.of(0, List.of("a"), 1, List.of("b"), 2, List.of("c")), names(book.assign()));
        assertEquals(2, book.waiting());

        book.reported(2, report("c", 500)); // slow steps: no prefetch
        assertEquals(Map.of(2, List.of("d")), names(book.assign()));
        book.reported(1, report("b", 500));
        assertEquals(Map.of(1, List.of("e")), names(book.assign()));
        assertEquals(List.of("a"), book.heldBy(0));
    }

    @Test
    void shortStepsAreQueuedAheadUpToThePrefetch() {
        OrderBook book = OrderBook.dynamic(2, 2);
        for (int i = 0; i < 10; i++) {
            book.add(order("s" + i));
        }
        assertEquals(Map.of(0, List.of("s0"), 1, List.of("s1")), names(book.assign()));
        book.reported(0, report("s0", 0.2));
        // 1 running + 2 queued per rank once steps are known to be short
        assertEquals(Map.of(0, List.of("s2", "s4", "s6"), 1, List.of("s3", "s5")), names(book.assign()));
        assertEquals(List.of("s1", "s3", "s5"), book.heldBy(1));
        assertEquals(3, book.waiting());
    }

    @Test
    void staticSendsStepIOfAPhaseToRankIModSize() {
        OrderBook book = OrderBook.roundRobin(3, Map.of("x0", 0, "x1", 1, "x2", 2, "x3", 3, "x4", 4));
        List.of("x0", "x1", "x2", "x3", "x4").forEach(s -> book.add(order(s)));
        assertEquals(Map.of(0, List.of("x0", "x3"), 1, List.of("x1", "x4"), 2, List.of("x2")), names(book.assign()));
    }

    @Test
    void aReportFromARankThatDidNotHoldTheStepIsAProtocolError() {
        OrderBook book = OrderBook.dynamic(2, 0);
        book.add(order("a"));
        book.assign();
        BackendException e = assertThrows(BackendException.class, () -> book.reported(1, report("a", 1)));
        assertEquals("rank 1 reported step 'a', which it was not running", e.getMessage());
    }
}
