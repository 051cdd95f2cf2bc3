package dev.phasor.cluster.mpj.launch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The ranks' class path: {@code -cp} (or Phasor's distribution) then {@code PHASOR_CLASSPATH}, with absolute
 * entries, {@code dir/*} expanded (multicore loads the path with a URLClassLoader, which knows no wildcards)
 * and MPJ's own jar dropped (the starter adds its classes on both devices).
 */
final class RankClassPath {

    private RankClassPath() {
    }

    /**
     * @param given the {@code -cp} values; empty for {@code distribution}
     * @param extra {@code PHASOR_CLASSPATH} (may be empty)
     * @param cwd where relative entries are taken from
     * @param warnings collects what the user should know (a wildcard with no jars)
     */
    static List<String> resolve(List<String> given, String distribution, String extra, Path cwd, boolean multicore,
            List<String> warnings) throws LaunchException {
        List<String> raw = new ArrayList<>();
        for (String part : given.isEmpty() ? List.of(distribution) : given) {
            raw.addAll(List.of(part.split(":")));
        }
        if (extra != null && !extra.isEmpty()) {
            raw.addAll(List.of(extra.split(":")));
        }
        List<String> entries = new ArrayList<>();
        for (String e : raw) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = cwd.resolve(e);
            if (e.endsWith("/*")) {
                List<String> jars = jars(cwd.resolve(e.substring(0, e.length() - 2)));
                if (jars.isEmpty()) {
                    warnings.add("warning: no jars in class path entry " + p);
                }
                entries.addAll(jars);
            } else {
                entries.add(p.toString());
            }
        }
        List<String> kept = new ArrayList<>();
        for (String e : entries) {
            String name = Path.of(e).getFileName() == null ? e : Path.of(e).getFileName().toString();
            if (name.equals("mpj.jar") || name.equals("mpj-0.44.jar")) {
                continue;
            }
            if (multicore && e.contains("mpj.jar")) {
                throw LaunchException.usage("class path entry '" + e + "' contains 'mpj.jar', which MPJ's multicore"
                        + " starter rewrites to 'mpi.jar': rename it");
            }
            kept.add(e);
        }
        return kept;
    }

    /**
     * Refuses a class path without the ranks' main class: {@code -cp my.jar} replaces Phasor's own jars (the
     * ranks would die with ClassNotFoundException), where the user meant to add a pipeline jar.
     */
    static void requireMain(List<String> entries, String mainClass, boolean cpGiven) throws LaunchException {
        String resource = mainClass.replace('.', '/') + ".class";
        for (String e : entries) {
            if (holds(Path.of(e), resource)) {
                return;
            }
        }
        throw LaunchException.usage(cpGiven
                ? "-cp replaces Phasor's own jars, and it does not hold the ranks' main class " + mainClass
                        + ": to add your pipeline's jar, leave -cp out and set PHASOR_CLASSPATH=your.jar (as"
                        + " `phasor --classpath` does)"
                : "the ranks' main class " + mainClass + " is not on Phasor's class path (is Phasor built?)");
    }

    private static boolean holds(Path entry, String resource) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(resource));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getEntry(resource) != null;
        } catch (IOException e) {
            return false; // not a jar: the JVM skips it as well
        }
    }

    private static List<String> jars(Path dir) {
        List<String> jars = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jars;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
            s.forEach(p -> jars.add(p.toString()));
        } catch (IOException e) {
            return jars;
        }
        jars.sort(null);
        return jars;
    }
}
