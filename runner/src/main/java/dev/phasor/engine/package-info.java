/**
 * The scheduling engine every backend shares: {@link dev.phasor.engine.Engine}, a pure state machine over
 * the steps of a run (events in, {@link dev.phasor.engine.Command}s out), its transition table
 * ({@link dev.phasor.engine.StepState}), the run filters ({@link dev.phasor.engine.Selection}) and the placer.
 * No I/O, no threads, no clock of its own; it imports nothing from the rest of Phasor.
 */
package dev.phasor.engine;
