package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java source written by a test against the test classpath, into a class directory of its own. */
public final class Compiler {

    private Compiler() {
    }

    /**
     * Writes {@code source} as the class {@code className} under {@code workDir/src} and compiles it into
     * {@code workDir/classes}, which is returned.
     */
    public static Path compile(Path workDir, String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        try {
            Path src = workDir.resolve("src").resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, source);
            Path classes = Files.createDirectories(workDir.resolve("classes"));
            StringWriter diagnostics = new StringWriter();
            try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
                Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(src.toFile());
                List<String> options = List.of("-classpath", JavaProcess.classpath(), "-d", classes.toString(),
                        "--release", "17", "-proc:none");
                boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
                assertTrue(ok, () -> "compilation of " + className + " failed:\n" + diagnostics);
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
