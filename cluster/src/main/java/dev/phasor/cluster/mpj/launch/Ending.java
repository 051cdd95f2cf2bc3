package dev.phasor.cluster.mpj.launch;

/** Why the launcher stopped watching a job. */
enum Ending {
    /** Every rank wrote its exit marker. */
    DONE,
    /** {@code -timeout} passed. */
    TIMEOUT,
    /** A rank failed and the others did not finish within {@code PHASOR_MPJ_GRACE}. */
    FAILED,
    /** No rank JVM appeared within {@code PHASOR_MPJ_STARTUP_LIMIT}. */
    NOSTART,
    /** No rank JVM is left (or MPJ's launcher ended before any started). */
    GONE,
    /** niodev: the daemon dropped the launcher's connection, so every rank process has ended. */
    UNLINKED
}
