package dev.phasor.backend;

import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;

/**
 * What the coordinator hands a backend when a run starts.
 *
 * @param prepared the pipeline with its keys, codec and cache layout; its fingerprint is what workers
 *     must match
 * @param source how another JVM rebuilds the same pipeline (class name and classpath)
 */
public record RunSession(PreparedPipeline prepared, PipelineSource source) {
}
