package dev.phasor.starter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * A new Maven project with one pipeline class, its JUnit test and a pom on Phasor's BOM: what
 * {@code phasor new} writes. The files come from templates next to this class ({@code *.tmpl}, with
 * {@code {{placeholder}}}s), the versions from the build that made this jar ({@code starter.properties}).
 */
public final class StarterProject {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final String packageName;
    private final String name;
    private final String className;

    /**
     * @param packageName the Java package of the pipeline class, also the project's groupId
     * @param name        the pipeline's name, also the artifactId: lower case words joined by '-'
     * @throws IllegalArgumentException naming the problem when either is not usable
     */
    public StarterProject(String packageName, String name) {
        if (!SourceVersion.isName(packageName) || !packageName.equals(packageName.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("package '" + packageName
                    + "' is not a lower-case Java package name (e.g. org.example.pipelines)");
        }
        if (packageName.equals("java") || packageName.startsWith("java.")) {
            throw new IllegalArgumentException("package '" + packageName
                    + "' is reserved for the JDK: no class loader defines classes in it (e.g. org.example.pipelines)");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name
                    + "' must be lower-case words of letters and digits joined by '-', starting with a letter"
                    + " (e.g. word-count)");
        }
        this.packageName = packageName;
        this.name = name;
        this.className = classNameOf(name);
    }

    /** A name derived from a directory name ("My_Flow 2" becomes "my-flow-2"), or null when none can be. */
    public static String nameFrom(String directoryName) {
        String n = directoryName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return NAME.matcher(n).matches() ? n : null;
    }

    /** The pipeline class's simple name: "word-count" gives WordCountPipeline. */
    public String className() {
        return className;
    }

    public String qualifiedClassName() {
        return packageName + "." + className;
    }

    public String name() {
        return name;
    }

    /** The jar {@code mvn package} builds, relative to the project directory. */
    public String jar() {
        return "target/" + name + "-1.0-SNAPSHOT.jar";
    }

    /**
     * Writes the project into {@code dir}, which must not exist or be empty.
     *
     * @return the files written, relative to {@code dir}
     * @throws IllegalArgumentException when {@code dir} is a file or holds files already
     */
    public List<Path> writeTo(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a directory");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty: give a new or empty directory");
                }
            }
        }
        Path sources = Path.of("src", "main", "java").resolve(packageName.replace('.', '/'));
        Path tests = Path.of("src", "test", "java").resolve(packageName.replace('.', '/'));
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(Path.of("pom.xml"), "pom.xml.tmpl");
        files.put(sources.resolve(className + ".java"), "Pipeline.java.tmpl");
        files.put(tests.resolve(className + "Test.java"), "PipelineTest.java.tmpl");
        files.put(Path.of("README.md"), "README.md.tmpl");
        files.put(Path.of(".gitignore"), "gitignore.tmpl");
        Map<String, String> values = values();
        for (Map.Entry<Path, String> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, fill(template(f.getValue()), values));
        }
        return List.copyOf(files.keySet());
    }

    private Map<String, String> values() {
        Properties versions = new Properties();
        try (InputStream in = resource("starter.properties")) {
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("package", packageName, "name", name, "class", className,
                "phasorVersion", versions.getProperty("phasor"), "junitVersion", versions.getProperty("junit"));
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        return out;
    }

    private static String template(String file) {
        try (InputStream in = resource(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = StarterProject.class.getResourceAsStream(file);
        if (in == null) {
            throw new IOException("starter template " + file + " is missing from Phasor's runner jar");
        }
        return in;
    }

    private static String classNameOf(String name) {
        StringBuilder b = new StringBuilder();
        for (String word : name.split("-")) {
            b.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return b.append("Pipeline").toString();
    }
}
