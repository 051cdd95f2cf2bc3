package dev.phasor.bench.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps/s of one backend as a function of workers, threads per worker, step duration and batch size, from a
 * calibration: the stations a step passes through ({@link #stations}), solved by {@link Mva} for long phases
 * and by {@link PhaseSimulator} for a given pipeline shape.
 *
 * <p>Every step costs the coordinator's thread {@code coordinatorMicros} plus {@code 2 x messageMicros / batch}
 * (one order and one report message per batch), the shared file system's serial part {@code fsSerialMicros},
 * and a worker slot its body plus {@code workerMicros} plus {@code rtt / batch}. On {@link Placement#CLUSTER}
 * every worker has cores of its own; on {@link Placement#ONE_HOST} (the calibration machine) the worker's
 * part competes for the host's cores.
 */
public final class ThroughputModel {

    /** Where the workers run. */
    public enum Placement { CLUSTER, ONE_HOST }

    /** Steps shorter than this are batched (the Hazelcast dispatcher's and MPJ's prefetch rule). */
    public static final double SHORT_STEP_MICROS = 10_000;

    private final String backend;
    private final Calibration.Backend cost;
    private final double hostCores;

    /** {@code hostCores}: the calibration host's effective cores (fractional under load), used by ONE_HOST. */
    public ThroughputModel(String backend, Calibration.Backend cost, double hostCores) {
        if (hostCores < 1) {
            throw new IllegalArgumentException("host cores must be >= 1, got " + hostCores);
        }
        this.backend = backend;
        this.cost = cost;
        this.hostCores = hostCores;
    }

    public static ThroughputModel of(Calibration c, String backend) {
        return new ThroughputModel(backend, c.backend(backend), c.cores());
    }

    public String backend() {
        return backend;
    }

    public Calibration.Backend cost() {
        return cost;
    }

    /** The batch the backend uses for steps of this length: its short-step batch below 10 ms, else 1. */
    public int defaultBatch(double stepMicros) {
        return stepMicros < SHORT_STEP_MICROS ? Math.max(1, cost.shortStepBatch()) : 1;
    }

    /** Coordinator thread time per step at this batch size. */
    public double coordinatorMicrosPerStep(int batch) {
        return cost.coordinatorMicros() + 2 * cost.messageMicros() / batch;
    }

    /** The stations of one step at this batch size (file system's serial part overridable: NaN keeps it). */
    public List<Station> stations(int batch, Placement placement, double fsSerialMicros) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        double fs = Double.isNaN(fsSerialMicros) ? cost.fsSerialMicros() : fsSerialMicros;
        List<Station> s = new ArrayList<>();
        s.add(Station.queue("coordinator", coordinatorMicrosPerStep(batch)));
        if (placement == Placement.ONE_HOST) {
            // k effective cores as ceil(k) servers each k/ceil(k) as fast: full capacity k, a lone step slowed as a
            // thread that gets a share of a busy core
            int servers = (int) Math.ceil(hostCores - 1e-9);
            s.add(Station.servers("cpu", servers, cost.workerMicros() * servers / hostCores));
            s.add(Station.worker(cost.rttMicros() / batch));
        } else {
            s.add(Station.worker(cost.workerMicros() + cost.rttMicros() / batch));
        }
        s.add(Station.queue("file system", fs));
        return s;
    }

    /** Steady-state steps/s of a long phase with {@code slots} = workers x threads steps in flight. */
    public Mva.Result steady(int slots, double stepMicros, int batch, Placement placement, double fsSerialMicros) {
        return Mva.solve(stations(batch, placement, fsSerialMicros), stepMicros, slots);
    }

    /** The slots beyond which throughput stops growing (asymptotes' crossing). */
    public double kneeSlots(double stepMicros, int batch, Placement placement, double fsSerialMicros) {
        return Mva.knee(stations(batch, placement, fsSerialMicros), stepMicros);
    }

    /** The highest steps/s any number of workers reaches. */
    public double ceiling(double stepMicros, int batch, Placement placement, double fsSerialMicros) {
        return Mva.ceiling(stations(batch, placement, fsSerialMicros), stepMicros);
    }

    /** Simulates phases of the given step bodies (barriers between them), {@code batch} steps per message. */
    public PhaseSimulator.Result simulate(List<double[]> phases, int slots, int batch, Placement placement) {
        List<Station> st = stations(batch, placement, Double.NaN);
        return new PhaseSimulator(st, slots, PhaseSimulator.Service.DETERMINISTIC, 1)
                .withPhaseOverhead(cost.phaseMicros()).run(phases);
    }
}
