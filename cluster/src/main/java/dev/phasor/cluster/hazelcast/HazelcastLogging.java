package dev.phasor.cluster.hazelcast;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Hazelcast logs through java.util.logging: only severe errors unless verbose. */
final class HazelcastLogging {

    /** Held so the configured level is not lost when the logger is garbage-collected. */
    private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");

    private HazelcastLogging() {
    }

    static void configure(boolean verbose) {
        HAZELCAST.setLevel(verbose ? Level.INFO : Level.SEVERE);
    }
}
