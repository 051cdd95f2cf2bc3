package dev.phasor.bench;

import java.nio.file.Path;

/** Runs bench pipelines on one backend. */
interface BackendBench extends AutoCloseable {

    /** {@code local}, {@code mpj}, {@code hazelcast}. */
    String id();

    /** What {@code count} means here, for the table: {@code 2 threads}, {@code 4 ranks (multicore)}... */
    String describe(BenchPipeline pipeline, int count);

    /**
     * Runs {@code pipeline} once with {@code count} threads, ranks or workers into a fresh cache directory
     * under {@code cacheRoot}, checks every result, and returns what it measured. With {@code eager}, a step
     * starts once its own upstream steps are done ({@code run --eager}) instead of at its phase's barrier.
     *
     * @throws BenchPipeline.WrongResultException if a result is wrong
     */
    Measurement run(BenchPipeline pipeline, int count, Path cacheRoot, Progress progress, boolean eager) throws Exception;

    /**
     * As {@link #run(BenchPipeline, int, Path, Progress, boolean)}; with {@code dashboard}, the run serves its live
     * dashboard and a client watches it throughout (only backends that say so can).
     */
    default Measurement run(BenchPipeline pipeline, int count, Path cacheRoot, Progress progress, boolean eager,
            boolean dashboard) throws Exception {
        if (dashboard) {
            throw new IllegalArgumentException("the dashboard is measured on the local backend only");
        }
        return run(pipeline, count, cacheRoot, progress, eager);
    }

    @Override
    default void close() throws Exception {
    }
}
