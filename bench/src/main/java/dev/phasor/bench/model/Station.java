package dev.phasor.bench.model;

/**
 * One resource a step passes through once per execution, in a closed queueing network.
 *
 * @param name what it stands for ({@code coordinator}, {@code file system}, {@code cpu}, {@code worker})
 * @param servers 0 for a delay (every step has its own: a worker slot, a network hop), 1 for a single server
 *     that steps queue for (the coordinator's thread, a directory's lock), k for k servers (cores)
 * @param demandMicros service time one step needs here, in microseconds
 * @param carriesStepBody whether the step's own duration is spent here (the worker slot)
 */
public record Station(String name, int servers, double demandMicros, boolean carriesStepBody) {

    public Station {
        if (servers < 0) {
            throw new IllegalArgumentException("servers must be >= 0, got " + servers);
        }
        if (!(demandMicros >= 0) || Double.isInfinite(demandMicros)) {
            throw new IllegalArgumentException(name + ": demand must be a finite number >= 0, got " + demandMicros);
        }
    }

    public static Station queue(String name, double demandMicros) {
        return new Station(name, 1, demandMicros, false);
    }

    public static Station servers(String name, int servers, double demandMicros) {
        return new Station(name, servers, demandMicros, false);
    }

    public static Station delay(String name, double demandMicros) {
        return new Station(name, 0, demandMicros, false);
    }

    /** The worker slot: a delay holding the step's own duration on top of {@code demandMicros}. */
    public static Station worker(double demandMicros) {
        return new Station("worker", 0, demandMicros, true);
    }

    boolean isDelay() {
        return servers == 0;
    }

    /** Demand including the step's body where it runs here. */
    double demand(double stepMicros) {
        return demandMicros + (carriesStepBody ? stepMicros : 0);
    }
}
