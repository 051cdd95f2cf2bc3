package dev.phasor.backend;

/**
 * What a backend is opened with.
 *
 * @param options the object {@link BackendProvider#options()} returned, filled in by the CLI (or null)
 * @param threads steps one worker runs at once (local backend: the thread count)
 * @param verbose true for more log output
 */
public record BackendContext(Object options, int threads, boolean verbose) {
}
