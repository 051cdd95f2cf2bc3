/**
 * Running a pipeline: {@link dev.phasor.exec.PreparedPipeline} (a pipeline with its keys, codec and
 * cache layout), the {@link dev.phasor.run.Coordinator} that walks the phases and dispatches steps to a
 * backend, and the {@link dev.phasor.exec.StepExecutor} every worker uses to run one step and store its
 * result. Start reading at {@code Coordinator.run}.
 */
package dev.phasor.exec;
