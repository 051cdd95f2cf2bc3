package dev.phasor.backend;

/** Provides the {@code local} backend: threads in this JVM. */
public final class LocalBackendProvider implements BackendProvider {

    @Override
    public String id() {
        return "local";
    }

    @Override
    public String description() {
        return "threads in this JVM (the default)";
    }

    @Override
    public Backend open(BackendContext context) {
        return new LocalBackend(context.threads());
    }
}
