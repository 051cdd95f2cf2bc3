package dev.phasor.api;

import java.io.Serializable;

/**
 * Declares the steps a generator's result expands into (a dynamic pipeline). It must be a pure function of
 * {@code data}: every JVM of a run (the coordinator, and workers that meet a generated step's name) applies
 * it to the same cached data and must declare the same steps.
 *
 * @param <D> the generator's result type, or {@link OutputFile} for {@link PipelineBuilder#forEachFile}
 */
@FunctionalInterface
public interface Expander<D> extends Serializable {

    /** Declares steps into {@code into}; any exception aborts the run as a definition error. */
    void expand(D data, Expansion into) throws Exception;
}
