package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which rank runs which step: rank 0's bookkeeping of orders waiting and orders held by each rank
 * (rank 0 included). Pure: no messages, no threads.
 *
 * <p>Dynamic (the default): the next waiting order goes to the least busy rank, ties broken
 * round-robin, so a rank that finishes early gets the next step. Each rank runs one step at a time;
 * while steps are short (under {@value #SHORT_STEP_MILLIS} ms on average) up to {@code prefetch} more
 * orders are queued on each rank, so message latency does not leave ranks idle. Static: step i of a
 * phase runs on rank i mod size (ezpyp's assignment), whatever the durations, for reproducible runs.
 */
final class OrderBook {

    static final double SHORT_STEP_MILLIS = 10;

    private final int ranks;
    private final int prefetch;
    /** Index of each step within its phase, for static assignment; null when dynamic. */
    private final Map<String, Integer> staticIndex;
    private final ArrayDeque<StepOrder> waiting = new ArrayDeque<>();
    private final List<LinkedHashSet<String>> held = new ArrayList<>();
    private int cursor;
    private double meanStepMillis = Double.NaN;

    private OrderBook(int ranks, int prefetch, Map<String, Integer> staticIndex) {
        if (ranks < 1) {
            throw new IllegalArgumentException("at least one rank is needed, got " + ranks);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("--mpj-prefetch must not be negative, got " + prefetch);
        }
        this.ranks = ranks;
        this.prefetch = prefetch;
        this.staticIndex = staticIndex;
        for (int r = 0; r < ranks; r++) {
            held.add(new LinkedHashSet<>());
        }
    }

    /** Dynamic balancing over {@code ranks} ranks. */
    static OrderBook dynamic(int ranks, int prefetch) {
        return new OrderBook(ranks, prefetch, null);
    }

    /** Static round-robin: a step whose index in its phase is i runs on rank i mod {@code ranks}. */
    static OrderBook roundRobin(int ranks, Map<String, Integer> indexInPhase) {
        return new OrderBook(ranks, 0, Map.copyOf(indexInPhase));
    }

    void add(StepOrder order) {
        waiting.add(order);
    }

    /** Takes the orders that can go out now, by rank (in increasing rank order), and records them as held. */
    Map<Integer, List<StepOrder>> assign() {
        Map<Integer, List<StepOrder>> out = new TreeMap<>();
        if (staticIndex != null) {
            while (!waiting.isEmpty()) {
                StepOrder order = waiting.poll();
                hold(staticIndex.getOrDefault(order.step(), 0) % ranks, order, out);
            }
            return out;
        }
        int capacity = 1 + (meanStepMillis < SHORT_STEP_MILLIS ? prefetch : 0); // NaN (nothing measured): 1
        while (!waiting.isEmpty()) {
            int rank = leastBusy();
            if (held.get(rank).size() >= capacity) {
                break;
            }
            hold(rank, waiting.poll(), out);
            cursor = (rank + 1) % ranks;
        }
        return out;
    }

    /**
     * Records {@code rank}'s report.
     *
     * @throws BackendException if that rank was not running the step (a protocol error)
     */
    void reported(int rank, StepReport report) {
        String step = report.status().step();
        if (!held.get(rank).remove(step)) {
            throw new BackendException("rank " + rank + " reported step '" + step + "', which it was not running");
        }
        double ms = report.status().durationMs();
        meanStepMillis = Double.isNaN(meanStepMillis) ? ms : 0.8 * meanStepMillis + 0.2 * ms;
    }

    /** Steps {@code rank} holds (running or queued there), in the order it got them. */
    List<String> heldBy(int rank) {
        return List.copyOf(held.get(rank));
    }

    /** Orders not yet handed to any rank. */
    int waiting() {
        return waiting.size();
    }

    private int leastBusy() {
        int best = cursor;
        for (int i = 1; i < ranks; i++) {
            int r = (cursor + i) % ranks;
            if (held.get(r).size() < held.get(best).size()) {
                best = r;
            }
        }
        return best;
    }

    private void hold(int rank, StepOrder order, Map<Integer, List<StepOrder>> out) {
        held.get(rank).add(order.step());
        out.computeIfAbsent(rank, r -> new ArrayList<>()).add(order);
    }
}
