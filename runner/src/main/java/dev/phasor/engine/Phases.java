package dev.phasor.engine;

import java.util.Arrays;

/**
 * The engine's count of each phase: its steps, how many have no outcome yet, and when it opened. Phases are
 * numbered from 0; the tables grow as expansions add later phases.
 */
final class Phases {

    private int[] size = new int[0];
    private int[] unsettled = new int[0];
    private long[] openedAt = new long[0];
    private boolean[] opened = new boolean[0];

    /** Makes room for phases {@code 0..count-1} at once (a chain adds a phase per step: grow once per batch). */
    void ensure(int count) {
        if (count > size.length) {
            size = Arrays.copyOf(size, count);
            unsettled = Arrays.copyOf(unsettled, count);
            openedAt = Arrays.copyOf(openedAt, count);
            opened = Arrays.copyOf(opened, count);
        }
    }

    /**
     * Counts a new step of {@code phase}; returns its number within the phase (round-robin placement). A phase
     * that had closed opens again: an expansion adds a step to the phase right after its upstream steps, which may
     * be done by then.
     */
    int add(int phase) {
        if (opened[phase] && unsettled[phase] == 0) {
            opened[phase] = false;
        }
        unsettled[phase]++;
        return size[phase]++;
    }

    int count() {
        return size.length;
    }

    int size(int phase) {
        return size[phase];
    }

    /** Steps of the phase without an outcome yet. */
    int unsettled(int phase) {
        return unsettled[phase];
    }

    boolean isSettled(int phase) {
        return unsettled[phase] == 0;
    }

    /** Marks the phase open at {@code now}; false if it was open already. */
    boolean open(int phase, long now) {
        if (opened[phase]) {
            return false;
        }
        opened[phase] = true;
        openedAt[phase] = now;
        return true;
    }

    /** One step of the phase has its outcome; true if it was the last. */
    boolean settleOne(int phase) {
        return --unsettled[phase] == 0;
    }

    long openedAt(int phase) {
        return openedAt[phase];
    }

    /** Steps without an outcome, per phase (a copy, for the invariant checks). */
    int[] unsettled() {
        return unsettled.clone();
    }
}
