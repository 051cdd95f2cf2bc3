/**
 * What pipeline authors import: {@link dev.phasor.api.Pipeline}, {@link dev.phasor.api.PipelineBuilder},
 * {@link dev.phasor.api.Step} handles, {@link dev.phasor.api.Params}, the step function types and the
 * exceptions. Everything else in Phasor is reached through these types or through the CLI.
 *
 * <p>Nothing here may be {@code null} unless its Javadoc says so.
 */
package dev.phasor.api;
