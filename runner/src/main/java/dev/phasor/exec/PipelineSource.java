package dev.phasor.exec;

import dev.phasor.api.PhasorException;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.PipelineDefinitionException;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How any JVM rebuilds a pipeline: the name of a {@link PipelineDefinition} class and the extra
 * classpath (jars or class directories) that holds it.
 *
 * @param className fully qualified name of the definition class
 * @param classpath extra classpath entries, empty when the class is already on the JVM's classpath
 */
public record PipelineSource(String className, List<String> classpath) {

    /** A pipeline built, and the class loader its classes came from. */
    public record Loaded(Pipeline pipeline, ClassLoader loader) {
    }

    /** Parses a classpath given as entries separated by the platform separator or commas. */
    public static List<String> splitClasspath(String text) {
        List<String> entries = new ArrayList<>();
        if (text != null) {
            for (String e : text.split("[" + File.pathSeparator + ",]")) {
                if (!e.isBlank()) {
                    entries.add(e.strip());
                }
            }
        }
        return entries;
    }

    /**
     * Loads the class and builds the pipeline.
     *
     * @throws PhasorException naming the class if it is missing, not a definition, or cannot be created
     */
    public Loaded load(ClassLoader parent) {
        ClassLoader loader = classLoader(parent);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ExceptionInInitializerError e) {
            throw new PipelineDefinitionException("pipeline class '" + className + "' failed to initialise: "
                    + e.getCause());
        } catch (NoClassDefFoundError e) {
            if (String.valueOf(e.getMessage()).startsWith("Could not initialize class")) { // a second try
                throw new PipelineDefinitionException("pipeline class '" + className + "' failed to initialise: " + e);
            }
            throw new PhasorException("pipeline class '" + className + "' not found on the classpath"
                    + (classpath.isEmpty() ? "; add its jar or classes with --classpath" : " " + classpath));
        } catch (ClassNotFoundException e) {
            throw new PhasorException("pipeline class '" + className + "' not found on the classpath"
                    + (classpath.isEmpty() ? "; add its jar or classes with --classpath" : " " + classpath));
        }
        if (!PipelineDefinition.class.isAssignableFrom(type)) {
            throw new PhasorException("class '" + className + "' does not implement " + PipelineDefinition.class.getName());
        }
        PipelineDefinition definition;
        try {
            definition = (PipelineDefinition) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new PhasorException("pipeline class '" + className + "' needs a public no-argument constructor");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PhasorException("cannot create pipeline class '" + className + "': " + cause, cause);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return new Loaded(definition.define(), loader);
        } catch (dev.phasor.api.PhasorException e) {
            throw e;
        } catch (RuntimeException e) { // the user's define() failed: an invalid pipeline (exit 2), not a Phasor bug
            throw new PipelineDefinitionException("pipeline class '" + className + "': define() threw " + e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private ClassLoader classLoader(ClassLoader parent) {
        if (classpath.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath) {
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new PhasorException("classpath entry " + entry + " does not exist");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new PhasorException("bad classpath entry " + entry + ": " + e.getMessage());
            }
        }
        return new URLClassLoader("phasor-pipeline", urls.toArray(URL[]::new), parent);
    }
}
