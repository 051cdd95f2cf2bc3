package dev.phasor.backend;

import java.nio.file.Path;

/**
 * What a backend is opened with.
 *
 * @param options the object {@link BackendProvider#options()} returned, filled in by the CLI (or null)
 * @param threads steps one worker runs at once (local backend: the thread count)
 * @param verbose true for more log output
 * @param secretFile {@code --secret-file}: the file holding the secret a cluster backend seals its messages
 *     with, or null (a backend then looks at {@code PHASOR_SECRET_FILE}); the local backend has no messages
 */
public record BackendContext(Object options, int threads, boolean verbose, Path secretFile) {

    public BackendContext(Object options, int threads, boolean verbose) {
        this(options, threads, verbose, null);
    }
}
