package dev.phasor.bench.model;

import java.util.List;

/**
 * Exact mean value analysis of a closed network: N steps in flight (one per worker slot) circulating through
 * the stations, each finished step replaced by the next one at once (a long phase in steady state). Single
 * servers are exact; a k-server station uses Seidmann's approximation (a queue of demand D/k plus a delay of
 * D(k-1)/k).
 */
public final class Mva {

    private Mva() {
    }

    /** The steady-state figures at one population. */
    public record Result(int population, double stepsPerSecond, double responseMicros, String bottleneck) {
    }

    /** Throughput with {@code population} steps in flight, each step's body {@code stepMicros} long. */
    public static Result solve(List<Station> stations, double stepMicros, int population) {
        if (population < 1) {
            throw new IllegalArgumentException("population must be >= 1, got " + population);
        }
        int m = stations.size();
        double[] queueDemand = new double[m];
        double delay = 0;
        for (int k = 0; k < m; k++) {
            Station s = stations.get(k);
            double d = s.demand(stepMicros);
            if (s.isDelay()) {
                delay += d;
            } else {
                queueDemand[k] = d / s.servers();
                delay += d * (s.servers() - 1) / s.servers();
            }
        }
        double[] queue = new double[m];
        double x = 0;
        double r = 0;
        for (int n = 1; n <= population; n++) {
            double[] resid = new double[m];
            r = delay;
            for (int k = 0; k < m; k++) {
                resid[k] = queueDemand[k] * (1 + queue[k]);
                r += resid[k];
            }
            x = r > 0 ? n / r : Double.POSITIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                queue[k] = x * resid[k];
            }
        }
        return new Result(population, x * 1e6, r, bottleneck(stations, stepMicros));
    }

    /** The station with the largest demand per server: the one that caps throughput as N grows. */
    public static String bottleneck(List<Station> stations, double stepMicros) {
        String name = "worker slots (none saturates)";
        double max = 0;
        for (Station s : stations) {
            if (!s.isDelay() && s.demand(stepMicros) / s.servers() > max) {
                max = s.demand(stepMicros) / s.servers();
                name = s.name();
            }
        }
        return name;
    }

    /** 1 / the largest demand per server, in steps/s: the asymptote no population exceeds (infinite if none). */
    public static double ceiling(List<Station> stations, double stepMicros) {
        double max = 0;
        for (Station s : stations) {
            if (!s.isDelay()) {
                max = Math.max(max, s.demand(stepMicros) / s.servers());
            }
        }
        return max > 0 ? 1e6 / max : Double.POSITIVE_INFINITY;
    }

    /** N / (total demand): the asymptote of a network without queueing, in steps/s. */
    public static double linearBound(List<Station> stations, double stepMicros, int population) {
        double total = 0;
        for (Station s : stations) {
            total += s.demand(stepMicros);
        }
        return total > 0 ? population * 1e6 / total : Double.POSITIVE_INFINITY;
    }

    /**
     * The knee: the population where the two asymptotes cross, N* = total demand / largest demand per server.
     * Beyond it, more slots add less and less; infinite when no station queues.
     */
    public static double knee(List<Station> stations, double stepMicros) {
        double total = 0;
        double max = 0;
        for (Station s : stations) {
            total += s.demand(stepMicros);
            if (!s.isDelay()) {
                max = Math.max(max, s.demand(stepMicros) / s.servers());
            }
        }
        return max > 0 ? total / max : Double.POSITIVE_INFINITY;
    }
}
