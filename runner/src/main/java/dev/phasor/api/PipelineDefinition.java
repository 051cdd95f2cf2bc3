package dev.phasor.api;

/**
 * A class that builds a pipeline: what the CLI, {@code bin/mpjrun.sh} and every worker JVM load by name.
 *
 * <p>Implementations need a public no-argument constructor, and {@link #define()} must build the same
 * pipeline every time in every JVM (same steps, parameters and order): workers rebuild the pipeline
 * from this class and look steps up by name, and the ranks of a run compare plan fingerprints before
 * any step runs. Step code is never shipped; only names, parameters and results travel.
 *
 * <p>A pipeline class usually also has a {@code main} that hands its arguments to Phasor, which gives
 * it Phasor's whole command line:
 * <pre>{@code
 * public static void main(String[] args) { Phasor.exit(Phasor.main(MyPipeline.class, args)); }
 * }</pre>
 */
@FunctionalInterface
public interface PipelineDefinition {
    /** Builds the pipeline; definition errors are thrown from here, before anything runs. */
    Pipeline define();
}
