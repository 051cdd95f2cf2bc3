package dev.phasor.backend;

import dev.phasor.api.BackendException;
import dev.phasor.internal.ServiceLoaders;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The backends on the classpath, found with {@link ServiceLoader} (through {@link ServiceLoaders}). */
public final class Backends {

    private Backends() {
    }

    /** Every provider on the classpath, {@code local} first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> all = new ArrayList<>();
        for (BackendProvider p : ServiceLoaders.load(BackendProvider.class)) {
            all.add(p);
        }
        all.sort((a, b) -> a.id().equals("local") ? -1 : b.id().equals("local") ? 1 : a.id().compareTo(b.id()));
        return all;
    }

    /**
     * The provider with id {@code id}.
     *
     * @throws BackendException listing the known ids if there is none
     */
    public static BackendProvider provider(String id, List<BackendProvider> among) {
        for (BackendProvider p : among) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        List<String> ids = among.stream().map(BackendProvider::id).toList();
        throw new BackendException("unknown backend '" + id + "'; available: " + ids
                + (id.equals("mpj") || id.equals("hazelcast") ? " (put phasor-cluster on the classpath)" : ""));
    }
}
