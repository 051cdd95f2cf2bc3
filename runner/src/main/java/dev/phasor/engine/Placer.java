package dev.phasor.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the worker for each step to run, and how many steps travel in one message. Each worker offers
 * {@code slots} (steps it runs at once) and a {@code prefetch} (messages per slot it may hold queued while
 * steps are short, so it never idles for a round trip).
 *
 * <p>{@link Engine.Placement#LEAST_BUSY} gives the next message to the worker with a free message slot that
 * holds the fewest orders, ties going to the worker that joined first: a chain of dependent steps then stays on
 * one worker, whose JVM is warm and whose page cache holds the input just written (the Hazelcast bench's
 * {@code chain} ran 0.76–0.82× as fast while ties rotated). While steps are long (or none was measured yet) a
 * message carries one order and a worker holds at most {@code slots} of them, so balancing stays exact.
 * While steps are short (under {@value #SHORT_STEP_MILLIS} ms on average) orders travel in batches, run one
 * after the other and answered together: a worker holds up to {@code slots × (1 + prefetch)} messages, and a
 * batch is a share of what waits (at most {@code maxBatch}), so batches shrink as a phase drains and no
 * worker is left with a long queue while the others idle. A message counts until all its orders answered.
 *
 * <p>{@link Engine.Placement#ROUND_ROBIN} is ezpyp's static split: step {@code i} of a phase goes to worker
 * {@code i mod n} (in joining order), waiting for that worker while it is full.
 */
final class Placer {

    static final double SHORT_STEP_MILLIS = 10;
    private static final double SHORT_STEP_NANOS = SHORT_STEP_MILLIS * 1e6;

    private final Engine.Placement strategy;
    private final int maxBatch;
    /** Workers in joining order. */
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private List<Worker> joined = List.of();
    /** The open message of each step placed, by step index (null: none); grows with the run. */
    private Message[] messageOf = new Message[64];
    /** Moving mean of step durations; NaN until a step reported one. */
    private double meanNanos = Double.NaN;

    private static final class Worker {
        final String name;
        final int slots;
        final int prefetch;
        int messages;
        int held;

        Worker(String name, int slots, int prefetch) {
            this.name = name;
            this.slots = slots;
            this.prefetch = prefetch;
        }

        /** How many messages this worker may hold now. */
        long capacity(boolean batching) {
            return batching ? slots * (1L + prefetch) : slots;
        }

        boolean hasRoom(boolean batching) {
            return messages < capacity(batching);
        }
    }

    private static final class Message {
        final Worker worker;
        int left;

        Message(Worker worker, int left) {
            this.worker = worker;
            this.left = left;
        }
    }

    Placer(Engine.Placement strategy, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one step, got " + maxBatch);
        }
        this.strategy = strategy;
        this.maxBatch = maxBatch;
    }

    Engine.Placement strategy() {
        return strategy;
    }

    void join(String worker, int slots, int prefetch) {
        if (slots < 1) {
            throw new IllegalArgumentException("worker '" + worker + "' offers no slot");
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("worker '" + worker + "': negative prefetch " + prefetch);
        }
        if (workers.containsKey(worker)) {
            throw new IllegalArgumentException("worker '" + worker + "' joined twice");
        }
        workers.put(worker, new Worker(worker, slots, prefetch));
        joined = new ArrayList<>(workers.values());
    }

    /** Forgets a worker (its open messages with it); true if it was known. */
    boolean leave(String worker) {
        Worker w = workers.remove(worker);
        if (w == null) {
            return false;
        }
        for (int i = 0; i < messageOf.length; i++) {
            if (messageOf[i] != null && messageOf[i].worker == w) {
                messageOf[i] = null;
            }
        }
        joined = new ArrayList<>(workers.values());
        return true;
    }

    boolean hasWorkers() {
        return !workers.isEmpty();
    }

    /** How many steps the workers run at once. */
    int slots() {
        int n = 0;
        for (Worker w : joined) {
            n += w.slots;
        }
        return n;
    }

    /** A step took {@code nanos} on its worker: short steps are batched. */
    void took(long nanos) {
        meanNanos = Double.isNaN(meanNanos) ? nanos : 0.8 * meanNanos + 0.2 * nanos;
    }

    /** The step at {@code stepIndex} answered (or its worker is gone): its message may close. */
    void release(int stepIndex) {
        Message m = stepIndex < messageOf.length ? messageOf[stepIndex] : null;
        if (m != null) {
            messageOf[stepIndex] = null;
            m.worker.held--;
            if (--m.left == 0) {
                m.worker.messages--;
            }
        }
    }

    /** True while steps are short: orders travel in batches (and chains run ahead). */
    boolean isBatching() {
        return batching();
    }

    private boolean batching() {
        return meanNanos < SHORT_STEP_NANOS && maxBatch > 1; // NaN (nothing measured): false
    }

    /**
     * Least busy: cuts the next message from {@code waiting} steps; returns its worker (and {@code size} is
     * how many of the waiting steps it takes, at least one), or null if no worker has room.
     */
    String nextMessage(int waiting, int[] size) {
        boolean batching = batching();
        Worker best = null;
        long room = 0;
        for (Worker w : joined) {
            if (w.hasRoom(batching) && (best == null || w.held < best.held)) {
                best = w;
            }
        }
        if (best == null) {
            return null;
        }
        for (Worker w : joined) {
            room += w.capacity(batching);
        }
        size[0] = batching ? (int) Math.max(1, Math.min(maxBatch, waiting / Math.max(1, room))) : 1;
        return best.name;
    }

    /** Round-robin: the worker for the step that is number {@code indexInPhase} of its phase; null if none. */
    String roundRobinTarget(int indexInPhase) {
        return joined.isEmpty() ? null : joined.get(indexInPhase % joined.size()).name;
    }

    /** True if {@code worker} may take one more message now. */
    boolean hasRoom(String worker) {
        return workers.get(worker).hasRoom(batching());
    }

    /** Records a message of {@code steps} (step indices) sent to {@code worker}. */
    void sent(String worker, List<Integer> steps) {
        Worker w = workers.get(worker);
        Message m = new Message(w, steps.size());
        for (int i : steps) {
            if (i >= messageOf.length) {
                messageOf = Arrays.copyOf(messageOf, Math.max(i + 1, messageOf.length * 2));
            }
            messageOf[i] = m;
        }
        w.messages++;
        w.held += steps.size();
    }

    int maxBatch() {
        return maxBatch;
    }
}
