package dev.phasor.backend;

import dev.phasor.exec.PreparedPipeline;

/**
 * What a worker process serves a run with.
 *
 * @param prepared the worker's own build of the pipeline; {@code prepared.executor(name)} runs steps
 */
public record WorkerSession(PreparedPipeline prepared) {
}
