package dev.phasor.internal;

import java.util.ServiceLoader;

/**
 * Where the runner looks for its plug-ins ({@code BackendProvider}, {@code CommandProvider}).
 *
 * <p>Usually the runner's own class loader. But a thread may run under a child of it that sees more: a
 * rank of an MPJ Express multicore job runs under a class loader of its own whose parent holds the runner's
 * classes shared by every rank, while the backend's classes stay with the rank. The thread's context class
 * loader is used when it sees the very same runner classes (so that the providers it finds are of the
 * runner's types); otherwise the runner's own loader, as before.
 */
public final class ServiceLoaders {

    private ServiceLoaders() {
    }

    /** The providers of {@code service} visible from the caller's context class loader, or from the service's own. */
    public static <S> ServiceLoader<S> load(Class<S> service) {
        return ServiceLoader.load(service, loaderFor(service));
    }

    static ClassLoader loaderFor(Class<?> service) {
        ClassLoader own = service.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null || context == own) {
            return own;
        }
        try {
            return Class.forName(service.getName(), false, context) == service ? context : own;
        } catch (ClassNotFoundException | LinkageError e) {
            return own;
        }
    }
}
