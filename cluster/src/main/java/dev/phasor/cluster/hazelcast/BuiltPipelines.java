package dev.phasor.cluster.hazelcast;

import dev.phasor.cache.CacheMode;
import dev.phasor.exec.PreparedPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The last pipeline a worker built, kept for the next run of the same pipeline: building one (define, plan,
 * keys) costs a worker hundreds of milliseconds per 10,000 steps, paid before every run's first step.
 *
 * <p>A kept build is reused only when all of these hold, so a changed pipeline is always built again:
 * the same class name, classpath and cache root; every classpath entry a jar whose size, modification time
 * file identity and change time are unchanged (a new jar at the same path is picked up; a class directory is never
 * kept, its files are not checked); a static pipeline (a dynamic one grows while it runs); and the
 * coordinator's fresh build has the kept build's fingerprint (same steps, code, parameters and keys), so
 * a definition that reads anything else (a file, the clock) and now builds another pipeline is caught.
 * Runs carrying results over the network build in a scratch directory of their own and are never kept.
 */
final class BuiltPipelines {

    /** What identifies a build; {@code stamps} is null when the classpath cannot be checked cheaply. */
    record Source(String className, List<String> classpath, String cacheRoot, CacheMode mode, List<String> stamps) {

        static Source of(String className, List<String> classpath, String cacheRoot, CacheMode mode) {
            return new Source(className, List.copyOf(classpath), cacheRoot, mode, stampsOf(classpath));
        }

        boolean keepable() {
            return stamps != null;
        }
    }

    private record Kept(Source source, PreparedPipeline prepared) {
    }

    private Kept kept;

    /** The kept build of {@code source} if it is still valid and has {@code fingerprint}, else null. */
    synchronized PreparedPipeline reuse(Source source, String fingerprint) {
        Kept k = kept;
        if (k == null || !source.keepable() || !k.source().equals(source) || fingerprint == null
                || !fingerprint.equals(k.prepared().fingerprint())) {
            return null;
        }
        return k.prepared();
    }

    /** Keeps {@code prepared} for the next run if it may be reused (replacing the one kept before); true if kept. */
    synchronized boolean keep(Source source, PreparedPipeline prepared) {
        if (!source.keepable() || prepared.pipeline().isDynamic()) {
            return false;
        }
        kept = new Kept(source, prepared);
        return true;
    }

    /** The build kept now, or null. */
    synchronized PreparedPipeline current() {
        return kept == null ? null : kept.prepared();
    }

    /** True if {@code loader} belongs to the kept build: it must stay open for the next run. */
    synchronized boolean holds(ClassLoader loader) {
        return kept != null && kept.prepared().loader() == loader;
    }

    /** Size, modification time, file identity and change time of each jar; null if an entry is missing or a directory. */
    private static List<String> stampsOf(List<String> classpath) {
        List<String> stamps = new ArrayList<>(classpath.size());
        for (String entry : classpath) {
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                if (!a.isRegularFile()) {
                    return null;
                }
                stamps.add(a.size() + "/" + a.lastModifiedTime() + "/" + Objects.toString(a.fileKey()) + "/"
                        + changeTime(Path.of(entry)));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return stamps;
    }

    /** The inode change time where the file system has one (it moves on any write, and cannot be set back). */
    private static Object changeTime(Path jar) {
        try {
            return Files.getAttribute(jar, "unix:ctime");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
