package dev.phasor.bench;

import dev.phasor.api.PipelineDefinition;

/**
 * A synthetic pipeline whose every result is known in closed form, so the bench checks what it computed.
 * Implementations are definition classes with a public no-argument constructor reading {@link BenchSpec}
 * from system properties: every rank or worker rebuilds the same pipeline.
 */
public interface BenchPipeline extends PipelineDefinition {

    /** {@code wide}, {@code layered}, ... */
    String id();

    /** Steps the pipeline runs. */
    int steps();

    /** Steps of its widest phase (no more can run at once). */
    int widestPhase();

    /** Time a step's body takes by construction (sleeps), in microseconds; 0 for no-op steps. */
    default double nominalMicrosPerStep() {
        return 0;
    }

    /** About the size of one result file (the floor's first measure, before a run tells the real mean). */
    default int estimatedResultBytes() {
        return payloadBytes() > 0 ? 1 << 20 : 70;
    }

    /** Bytes a run moves through the cache as payload (written, then read), or 0. */
    default long payloadBytes() {
        return 0;
    }

    /**
     * Checks the results of a finished run.
     *
     * @throws WrongResultException naming the first wrong step
     */
    void check(Results results);

    /** Where {@link #check} reads results from: the run's report, or the cache directory. */
    @FunctionalInterface
    interface Results {
        Object result(String step);
    }

    /** Fails {@link #check} unless {@code actual} equals {@code expected}. */
    static void expect(String pipeline, String step, Object actual, Object expected) {
        if (!expected.equals(actual)) {
            throw new WrongResultException(pipeline + ": step " + step + " computed " + actual + ", expected "
                    + expected);
        }
    }

    /** A benchmark computed a wrong answer: the bench fails. */
    final class WrongResultException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WrongResultException(String message) {
            super(message);
        }

        /** The run's failed steps, and why the first one failed: a bench that says only which failed hides the cause. */
        static WrongResultException failed(String pipeline, dev.phasor.exec.RunReport report) {
            String why = report.statuses().stream().filter(s -> s.status() == dev.phasor.cache.StepStatus.FAILED)
                    .findFirst().map(s -> "; '" + s.step() + "' failed with " + s.errorType() + ": " + s.errorMessage())
                    .orElse("");
            return new WrongResultException(pipeline + ": steps failed: " + report.failedSteps() + why);
        }
    }
}
