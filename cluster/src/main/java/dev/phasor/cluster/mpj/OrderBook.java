package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which rank runs which step: rank 0's bookkeeping of orders waiting and orders held by each rank
 * (rank 0 included). Pure: no messages, no threads.
 *
 * <p>Dynamic (the default): the next waiting order goes to the least busy rank, ties broken
 * round-robin, so a rank that finishes early gets the next step. Each rank runs one step at a time.
 * While steps are short (under {@value #SHORT_STEP_MILLIS} ms on average) orders go in <em>batches</em>
 * (one message each, run one after the other, their reports sent back together): a rank holds the batch
 * it runs and up to {@code prefetch} more, so the round trip to rank 0 is hidden behind a queued batch
 * and paid once per batch instead of once per step. A batch is a share of what is waiting (up to
 * {@code maxBatch} orders), so batches shrink as a phase drains and no rank is left with a long queue
 * while the others idle. Long steps (or none measured yet) go one at a time, so balancing stays exact.
 * A rank gets a new batch only when one of its batches is fully reported.
 *
 * <p>Static: step i of a phase runs on rank i mod size (ezpyp's assignment), whatever the durations,
 * for reproducible runs.
 */
final class OrderBook {

    static final double SHORT_STEP_MILLIS = 10;
    static final int DEFAULT_MAX_BATCH = 100;

    private final int ranks;
    private final int prefetch;
    private final int maxBatch;
    /** Index of each step within its phase, for static assignment; null when dynamic. */
    private final Map<String, Integer> staticIndex;
    private final ArrayDeque<StepOrder> waiting = new ArrayDeque<>();
    private final List<LinkedHashSet<String>> held = new ArrayList<>();
    /** Batches handed out and not fully reported, by rank (dynamic only). */
    private final int[] openBatches;
    private final Map<String, Batch> batchOf = new HashMap<>();
    private int cursor;
    private double meanStepMillis = Double.NaN;

    /** Orders of one batch not yet reported. */
    private static final class Batch {
        final int rank;
        int left;

        Batch(int rank) {
            this.rank = rank;
        }
    }

    private OrderBook(int ranks, int prefetch, int maxBatch, Map<String, Integer> staticIndex) {
        if (ranks < 1) {
            throw new IllegalArgumentException("at least one rank is needed, got " + ranks);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("--mpj-prefetch must not be negative, got " + prefetch);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--mpj-batch must be at least 1, got " + maxBatch);
        }
        this.ranks = ranks;
        this.prefetch = prefetch;
        this.maxBatch = maxBatch;
        this.staticIndex = staticIndex;
        this.openBatches = new int[ranks];
        for (int r = 0; r < ranks; r++) {
            held.add(new LinkedHashSet<>());
        }
    }

    /** Dynamic balancing over {@code ranks} ranks, batches of up to {@value #DEFAULT_MAX_BATCH}. */
    static OrderBook dynamic(int ranks, int prefetch) {
        return dynamic(ranks, prefetch, DEFAULT_MAX_BATCH);
    }

    /** Dynamic balancing; short steps in batches of up to {@code maxBatch}, {@code prefetch} batches queued ahead. */
    static OrderBook dynamic(int ranks, int prefetch, int maxBatch) {
        return new OrderBook(ranks, prefetch, maxBatch, null);
    }

    /** Static round-robin: a step whose index in its phase is i runs on rank i mod {@code ranks}. */
    static OrderBook roundRobin(int ranks, Map<String, Integer> indexInPhase) {
        return new OrderBook(ranks, 0, 1, Map.copyOf(indexInPhase));
    }

    void add(StepOrder order) {
        waiting.add(order);
    }

    /**
     * Takes the orders that can go out now and records them as held: by rank (in increasing rank order),
     * each rank's as a list of batches, each batch one message.
     */
    Map<Integer, List<List<StepOrder>>> assign() {
        Map<Integer, List<List<StepOrder>>> out = new TreeMap<>();
        if (staticIndex != null) {
            Map<Integer, List<StepOrder>> byRank = new TreeMap<>();
            while (!waiting.isEmpty()) {
                StepOrder order = waiting.poll();
                int rank = staticIndex.getOrDefault(order.step(), 0) % ranks;
                held.get(rank).add(order.step());
                byRank.computeIfAbsent(rank, r -> new ArrayList<>()).add(order);
            }
            byRank.forEach((rank, orders) -> out.put(rank, List.of(orders)));
            return out;
        }
        boolean batching = meanStepMillis < SHORT_STEP_MILLIS && prefetch > 0; // NaN (nothing measured): false
        int slots = batching ? 1 + prefetch : 1;
        while (!waiting.isEmpty()) {
            int rank = leastBusy(slots);
            if (rank < 0) {
                break;
            }
            int size = batching ? Math.max(1, Math.min(maxBatch, waiting.size() / (slots * ranks))) : 1;
            Batch batch = new Batch(rank);
            List<StepOrder> orders = new ArrayList<>(size);
            for (int i = 0; i < size && !waiting.isEmpty(); i++) {
                StepOrder order = waiting.poll();
                held.get(rank).add(order.step());
                batchOf.put(order.step(), batch);
                orders.add(order);
            }
            batch.left = orders.size();
            openBatches[rank]++;
            out.computeIfAbsent(rank, r -> new ArrayList<>()).add(orders);
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
        Batch batch = batchOf.remove(step);
        if (batch != null && --batch.left == 0) {
            openBatches[batch.rank]--;
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

    /** The rank with a free batch slot holding the fewest orders (ties: round-robin from the cursor), or -1. */
    private int leastBusy(int slots) {
        int best = -1;
        for (int i = 0; i < ranks; i++) {
            int r = (cursor + i) % ranks;
            if (openBatches[r] < slots && (best < 0 || held.get(r).size() < held.get(best).size())) {
                best = r;
            }
        }
        return best;
    }
}
