package dev.phasor.cluster.mpj;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Under MPJ Express's multicore device, lets the ranks share one copy of Phasor's classes and the pipeline's.
 *
 * <p>MPJ gives each rank thread a class loader of its own over the whole class path (a child of the system
 * class loader, which holds only MPJ's starter jars), so each rank loaded, interpreted and JIT-compiled
 * everything on its own: at 2 ranks the JVM compiled twice the code of 1 rank (C2: 44 KB of bytecode
 * against 22 KB, {@code -XX:+CITime}), on the same 2 cores as the steps, and every rank ran its first steps
 * in the interpreter. Here the first rank appends the class path, minus this backend's own classes and
 * MPJ's jars, to the system class loader; the rank loaders delegate to it first, so from then on those
 * classes are loaded and compiled once for the whole JVM, as with the local backend. What stays per rank
 * is what must: MPJ's {@code mpi.*} (its {@code COMM_WORLD} is static) and this package (its
 * {@link MpjRuntime#current} is).
 *
 * <p>So the pipeline's static fields are shared by the ranks of a multicore job, as by the threads of the
 * local backend (under niodev each rank still has its JVM). {@code -Dphasor.mpj.shareClasses=false} keeps
 * a class loader per rank for everything. Appending needs {@code --add-opens
 * java.base/jdk.internal.loader=ALL-UNNAMED}, which {@code bin/mpjrun.sh} gives the multicore JVM; without
 * it the ranks keep their own classes, as before.
 *
 * <p>Must run first thing on every rank, before any Phasor class outside this package is loaded, so it
 * touches nothing but the JDK: a rank that had already loaded one itself would mix two copies.
 */
final class SharedClasses {

    /** Set to {@code false} to keep a class loader per rank for everything. */
    static final String SWITCH = "phasor.mpj.shareClasses";

    /** Set by the first rank to what it shared (the path), or why it did not (a sentence in parentheses). */
    static final String OUTCOME = "phasor.mpj.sharedClasses";

    /** One monitor for every rank's copy of this class: string literals are interned JVM-wide. */
    private static final String LOCK = "dev.phasor.cluster.mpj.SharedClasses.lock";

    private SharedClasses() {
    }

    /**
     * Shares the class path with the other ranks of this JVM, once per JVM; returns what the JVM shares:
     * the appended path, or why nothing.
     */
    static String share() {
        synchronized (LOCK) {
            String outcome = System.getProperty(OUTCOME);
            if (outcome == null) {
                outcome = appendToSystemLoader();
                System.setProperty(OUTCOME, outcome);
            }
            return outcome;
        }
    }

    /** True when {@link #share}'s outcome is a shared path rather than a reason. */
    static boolean isShared(String outcome) {
        return outcome != null && !outcome.startsWith("(");
    }

    private static String appendToSystemLoader() {
        if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
            return "(off: -D" + SWITCH + "=false)";
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (!(SharedClasses.class.getClassLoader() instanceof URLClassLoader rankLoader)
                || rankLoader.getParent() != system) {
            return "(the ranks' class loader is not MPJ's multicore one)";
        }
        List<String> entries;
        try {
            entries = shareable(rankLoader.getURLs(), location(SharedClasses.class), location(mpi.MPI.class));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "(class path not understood: " + e.getMessage() + ")";
        }
        Method append;
        try {
            append = system.getClass().getDeclaredMethod("appendToClassPathForInstrumentation", String.class);
            append.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) { // InaccessibleObjectException without --add-opens
            return "(cannot extend the system class path: " + e + ")";
        }
        try {
            for (String entry : entries) {
                append.invoke(system, entry);
            }
        } catch (ReflectiveOperationException e) {
            // Nothing of it has been loaded yet, so a rank loader that finds part of the path still loads
            // consistently: each class from the first loader that has it.
            return "(extending the system class path failed: " + e + ")";
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The entries of {@code urls} (file URLs) other than {@code backend} (this package's jar or directory)
     * and any entry in {@code mpj}'s directory (MPJ's own jars, which MPJ adds to every rank's loader).
     */
    static List<String> shareable(URL[] urls, Path backend, Path mpj) throws URISyntaxException {
        Path mpjLib = mpj.getParent();
        List<String> entries = new ArrayList<>();
        for (URL url : urls) {
            if (!"file".equals(url.getProtocol())) {
                continue;
            }
            Path p = Path.of(url.toURI());
            if (p.equals(backend) || Objects.equals(p.getParent(), mpjLib) || entries.contains(p.toString())) {
                continue;
            }
            entries.add(p.toString());
        }
        return entries;
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
