/**
 * The transport SPI: what a backend carries between the coordinator and its workers, as plain values only.
 * The coordinator's engine decides which step runs on which worker ({@code dev.phasor.engine}); a
 * {@link dev.phasor.transport.Transport} only delivers {@link dev.phasor.transport.Order}s to the worker it
 * is told and brings back {@link dev.phasor.transport.Event}s: workers joining and lost, and their
 * {@link dev.phasor.transport.Report}s. This package is a leaf: it imports nothing else of Phasor.
 */
package dev.phasor.transport;
