/**
 * Where steps run, behind one small interface. A {@link dev.phasor.backend.BackendProvider} found by
 * {@link java.util.ServiceLoader} opens a {@link dev.phasor.backend.Backend}; in the coordinator process
 * it yields a {@link dev.phasor.transport.Transport} that carries the engine's orders to its workers and
 * their reports back; in worker processes it serves orders with the worker's own
 * {@link dev.phasor.exec.StepExecutor}. Only step names, statuses and (optionally) result bytes
 * travel; step code never does. This package never imports MPJ Express or Hazelcast: those backends live
 * in the {@code cluster} module and register themselves in
 * {@code META-INF/services/dev.phasor.backend.BackendProvider}.
 */
package dev.phasor.backend;
