package dev.phasor.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the worker for each step to run. Each worker offers a capacity (the orders it accepts at once:
 * its slots, plus a queue where round trips are dear). {@link Engine.Placement#LEAST_BUSY} gives each step to the
 * worker with the most free capacity; {@link Engine.Placement#ROUND_ROBIN} is ezpyp's static split (step {@code i}
 * of the plan to worker {@code i mod n}, waiting for that worker if it is full). Orders for one worker
 * leave in messages of at most {@code batch} steps.
 */
final class Placer {


    private final Engine.Placement strategy;
    private final int batch;
    /** Workers in joining order, with their capacity and what they hold. */
    private final Map<String, int[]> workers = new LinkedHashMap<>();
    private List<String> order = List.of();

    Placer(Engine.Placement strategy, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a batch holds at least one step, got " + batch);
        }
        this.strategy = strategy;
        this.batch = batch;
    }

    int batch() {
        return batch;
    }

    Engine.Placement strategy() {
        return strategy;
    }

    void join(String worker, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("worker '" + worker + "' offers no capacity");
        }
        workers.put(worker, new int[] {capacity, 0});
        order = new ArrayList<>(workers.keySet());
    }

    /** Forgets a worker; true if it was known. */
    boolean leave(String worker) {
        boolean known = workers.remove(worker) != null;
        order = new ArrayList<>(workers.keySet());
        return known;
    }

    boolean knows(String worker) {
        return workers.containsKey(worker);
    }

    boolean hasWorkers() {
        return !workers.isEmpty();
    }

    /** A step of {@code worker} finished. */
    void release(String worker) {
        int[] w = workers.get(worker);
        if (w != null) {
            w[1]--;
        }
    }

    /** The worker for step number {@code stepIndex} (plan order), taking one unit of its capacity; null if none fits. */
    String take(int stepIndex) {
        String chosen = strategy == Engine.Placement.ROUND_ROBIN ? roundRobin(stepIndex) : mostFree();
        if (chosen != null) {
            workers.get(chosen)[1]++;
        }
        return chosen;
    }

    /** True if some worker has free capacity. */
    boolean hasRoom() {
        for (int[] w : workers.values()) {
            if (w[1] < w[0]) {
                return true;
            }
        }
        return false;
    }

    private String roundRobin(int stepIndex) {
        if (order.isEmpty()) {
            return null;
        }
        String w = order.get(stepIndex % order.size());
        int[] load = workers.get(w);
        return load[1] < load[0] ? w : null;
    }

    private String mostFree() {
        String best = null;
        int bestFree = 0;
        for (Map.Entry<String, int[]> e : workers.entrySet()) {
            int free = e.getValue()[0] - e.getValue()[1];
            if (free > bestFree) {
                best = e.getKey();
                bestFree = free;
            }
        }
        return best;
    }
}
