package dev.phasor.bench;

import java.util.Arrays;

/**
 * What a cluster backend's transport alone costs, measured in the same sitting as a run, with no Phasor code
 * on the path: what a run's figures are held against beside the file-system floor. NaN where not measured.
 *
 * @param roundTripMicros median of a small message from the coordinator to a worker and back (MPJ's
 *     ping-pong, Hazelcast's {@code submitToMember}): the least a dependent step adds to its files
 * @param megabytesPerSecond the run's blocks carried from the workers to the coordinator by the transport alone
 */
record TransportFloor(double roundTripMicros, double megabytesPerSecond) {

    /** Nothing measured: the local backend, {@code --floor off}, or a run no transport floor bounds. */
    static final TransportFloor NONE = new TransportFloor(Double.NaN, Double.NaN);

    static TransportFloor roundTrip(double micros) {
        return new TransportFloor(micros, Double.NaN);
    }

    static TransportFloor bandwidth(double megabytesPerSecond) {
        return new TransportFloor(Double.NaN, megabytesPerSecond);
    }

    /** The median of {@code nanos} (not empty), in microseconds. */
    static double medianMicros(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        return (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0) / 1e3;
    }
}
