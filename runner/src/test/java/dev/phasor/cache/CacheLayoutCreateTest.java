package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.phasor.api.CacheAccessException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Why a cache directory cannot be created, in words (Linux: mkdir under /proc fails with ENOENT). */
class CacheLayoutCreateTest {

    @Test
    void aCacheThatCannotBeCreatedSaysWhyInsteadOfNull() {
        CacheLayout layout = new CacheLayout(Path.of("/proc/phasor-no-such-cache"), "simple");
        CacheAccessException e = assertThrows(CacheAccessException.class, layout::create);
        assertEquals("cannot create cache directory /proc/phasor-no-such-cache: no such file or directory",
                e.getMessage());
    }
}
