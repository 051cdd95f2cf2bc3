package dev.phasor.bench.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A discrete-event simulation of a run: phases of steps separated by barriers, at most {@code slots} steps
 * in flight, each step passing through the stations in order (queueing at servers, not at delays). Unlike
 * {@link Mva} it sees finite phases: filling and draining the slots, a phase narrower than the slots, one
 * slow step holding a barrier.
 */
public final class PhaseSimulator {

    /** How service times at queueing stations are drawn: fixed, or exponential with the same mean. */
    public enum Service { DETERMINISTIC, EXPONENTIAL }

    /** What a simulated run took: each phase, and the steady rate of the middle half of the completions. */
    public record Result(List<Double> phaseMicros, double totalMicros, double steadyStepsPerSecond) {

        public double stepsPerSecond(int steps) {
            return steps / (totalMicros / 1e6);
        }
    }

    private record Event(double time, long seq, int step, int station) {
    }

    private final List<Station> stations;
    private final int slots;
    private final Service service;
    private final Random random;
    private double phaseOverheadMicros;

    public PhaseSimulator(List<Station> stations, int slots, Service service, long seed) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        this.stations = List.copyOf(stations);
        this.slots = slots;
        this.service = service;
        this.random = new Random(seed);
    }

    /** The coordinator's time to close a phase and open the next, before the next phase's first dispatch. */
    public PhaseSimulator withPhaseOverhead(double micros) {
        if (!(micros >= 0)) {
            throw new IllegalArgumentException("phase overhead must be >= 0, got " + micros);
        }
        this.phaseOverheadMicros = micros;
        return this;
    }

    /** One phase of {@code steps} steps of {@code stepMicros} each. */
    public Result runUniform(int steps, double stepMicros) {
        double[] phase = new double[steps];
        java.util.Arrays.fill(phase, stepMicros);
        return run(List.of(phase));
    }

    /** Runs the phases in order; {@code phases.get(p)[i]} is the body of step i of phase p, in microseconds. */
    public Result run(List<double[]> phases) {
        int m = stations.size();
        int[] busy = new int[m];
        List<ArrayDeque<Integer>> waiting = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            waiting.add(new ArrayDeque<>());
        }
        PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time != b.time ? Double.compare(a.time, b.time)
                : Long.compare(a.seq, b.seq));
        long[] seq = {0};
        List<Double> phaseMicros = new ArrayList<>();
        List<Double> completions = new ArrayList<>();
        double now = 0;
        double phaseStart = 0;
        for (double[] body : phases) {
            now += phaseOverheadMicros;
            int next = 0;
            int done = 0;
            for (; next < Math.min(slots, body.length); next++) {
                events.add(new Event(now, seq[0]++, next, -1));
            }
            while (done < body.length) {
                Event e = events.poll();
                now = e.time;
                int step = e.step;
                if (e.station >= 0 && !stations.get(e.station).isDelay()) {
                    // a departure from a server: the next waiting step starts its service
                    int k = e.station;
                    Integer w = waiting.get(k).poll();
                    if (w != null) {
                        events.add(new Event(now + draw(stations.get(k), body[w]), seq[0]++, w, k));
                    } else {
                        busy[k]--;
                    }
                }
                int to = e.station + 1;
                if (to == m) {
                    done++;
                    completions.add(now);
                    if (next < body.length) {
                        events.add(new Event(now, seq[0]++, next++, -1));
                    }
                    continue;
                }
                Station s = stations.get(to);
                if (s.isDelay()) {
                    events.add(new Event(now + s.demand(body[step]), seq[0]++, step, to));
                } else if (busy[to] < s.servers()) {
                    busy[to]++;
                    events.add(new Event(now + draw(s, body[step]), seq[0]++, step, to));
                } else {
                    waiting.get(to).add(step);
                }
            }
            phaseMicros.add(now - phaseStart);
            phaseStart = now;
        }
        return new Result(phaseMicros, now, steady(completions));
    }

    private double draw(Station s, double body) {
        double mean = s.demand(body);
        return service == Service.DETERMINISTIC || mean == 0 ? mean : -mean * Math.log(1 - random.nextDouble());
    }

    /** Completions per second between the first and third quartile of completion times (fill and drain left out). */
    private static double steady(List<Double> completions) {
        int n = completions.size();
        if (n == 0) {
            return Double.NaN;
        }
        if (n < 8) {
            return n / (completions.get(n - 1) / 1e6);
        }
        int a = n / 4;
        int b = 3 * n / 4;
        double span = completions.get(b) - completions.get(a);
        return span > 0 ? (b - a) / (span / 1e6) : Double.POSITIVE_INFINITY;
    }
}
