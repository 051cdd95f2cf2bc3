package dev.phasor.internal;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.phasor.backend.BackendProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Where plug-ins are looked for: the thread's context loader only when it sees the runner's own classes. */
class ServiceLoadersTest {

    private static <T> T withContext(ClassLoader context, Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(context);
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Test
    void aChildOfTheRunnersLoaderIsSearchedAsAnMpjRanksLoaderHoldsTheBackend() throws Exception {
        try (URLClassLoader child = new URLClassLoader(new URL[0], BackendProvider.class.getClassLoader())) {
            assertSame(child, withContext(child, () -> ServiceLoaders.loaderFor(BackendProvider.class)));
        }
    }

    @Test
    void aLoaderThatDoesNotSeeTheRunnersClassesIsIgnored() throws Exception {
        try (URLClassLoader unrelated = new URLClassLoader(new URL[0], null)) {
            assertSame(BackendProvider.class.getClassLoader(),
                    withContext(unrelated, () -> ServiceLoaders.loaderFor(BackendProvider.class)));
        }
        assertSame(BackendProvider.class.getClassLoader(),
                withContext(null, () -> ServiceLoaders.loaderFor(BackendProvider.class)));
    }
}
