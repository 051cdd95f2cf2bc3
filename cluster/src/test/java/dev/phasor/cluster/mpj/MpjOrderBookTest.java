package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.phasor.api.BackendException;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.cache.StatusRecord;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MpjOrderBookTest {

    private static StepOrder order(String step) {
        return new StepOrder(step, 1);
    }

    private static StepReport report(String step, double millis) {
        return new StepReport(new StatusRecord(step, 0, 0, "done", "k", "ran", null, null, millis, "w", "h", 1, null,
                null, null, null, null, 0).toStatus(), null);
    }

    /** Each rank's batches, as step names. */
    private static Map<Integer, List<List<String>>> batches(Map<Integer, List<List<StepOrder>>> assigned) {
        return assigned.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(b -> b.stream().map(StepOrder::step).toList()).toList()));
    }

    /** Each rank's orders, batches joined. */
    private static Map<Integer, List<String>> names(Map<Integer, List<List<StepOrder>>> assigned) {
        return assigned.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().flatMap(List::stream).map(StepOrder::step).toList()));
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
    void shortStepsGoInBatchesThatShrinkAsThePhaseDrains() {
        OrderBook book = OrderBook.dynamic(2, 1, 100);
        for (int i = 0; i < 100; i++) {
            book.add(order("s" + i));
        }
        assertEquals(Map.of(0, List.of("s0"), 1, List.of("s1")), names(book.assign()), "nothing measured: one each");
        book.reported(0, report("s0", 0.2));
        // short steps: batches of a quarter of what waits (2 slots x 2 ranks), to the rank holding least
        assertEquals(Map.of(0, List.of(slice(2, 26), slice(44, 58)), 1, List.of(slice(26, 44))), batches(book.assign()));
        assertEquals(42, book.waiting());
        for (int i = 26; i < 43; i++) {
            book.reported(1, report("s" + i, 0.2));
            assertEquals(Map.of(), book.assign(), "a batch is refilled only once all of it is reported");
        }
        book.reported(1, report("s43", 0.2));
        assertEquals(Map.of(1, List.of(slice(58, 68))), batches(book.assign()));
    }

    @Test
    void longStepsGoOneAtATimeAndPrefetchZeroNeverBatches() {
        OrderBook book = OrderBook.dynamic(2, 0, 100);
        for (int i = 0; i < 10; i++) {
            book.add(order("s" + i));
        }
        book.assign();
        book.reported(0, report("s0", 0.2));
        assertEquals(Map.of(0, List.of(List.of("s2"))), batches(book.assign()));

        OrderBook slow = OrderBook.dynamic(2, 1, 100);
        for (int i = 0; i < 10; i++) {
            slow.add(order("s" + i));
        }
        slow.assign();
        slow.reported(0, report("s0", 50));
        assertEquals(Map.of(0, List.of(List.of("s2"))), batches(slow.assign()));
    }

    private static List<String> slice(int from, int to) {
        return java.util.stream.IntStream.range(from, to).mapToObj(i -> "s" + i).toList();
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
