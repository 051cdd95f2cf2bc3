package dev.phasor.starter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code phasor new DIR}: a Maven project to start a pipeline of one's own from. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Write a new Maven project with a pipeline class, its JUnit test and a pom depending on"
                + " Phasor's BOM.", "`mvn package` in it builds the jar to hand to --classpath or PHASOR_CLASSPATH."})
public final class NewCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The project's directory: new, or empty.")
    Path dir;

    @Option(names = "--package", paramLabel = "P", defaultValue = "org.example",
            description = "Java package of the pipeline class, also the groupId (default: ${DEFAULT-VALUE}).")
    String packageName;

    @Option(names = "--name", paramLabel = "N",
            description = "Pipeline name and artifactId, lower-case words joined by '-' (default: from DIR's name).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String pipeline = name;
        if (pipeline == null) {
            Path base = dir.toAbsolutePath().normalize().getFileName();
            pipeline = base == null ? null : StarterProject.nameFrom(base.toString());
            if (pipeline == null) {
                throw new ParameterException(spec.commandLine(), "cannot make a pipeline name from the directory '"
                        + dir + "': give one with --name (e.g. --name word-count)");
            }
        }
        StarterProject project;
        try {
            project = new StarterProject(packageName, pipeline);
            project.writeTo(dir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %s: pipeline %s (%s).%n", dir, project.name(), project.qualifiedClassName());
        out.printf("Next:%n  cd %s%n  mvn package%n", dir);
        out.printf("  phasor run %s --classpath %s --cache /tmp/%s%n", project.qualifiedClassName(), project.jar(),
                project.name());
        out.printf("  phasor result --cache /tmp/%s --pipeline %s total%n", project.name(), project.name());
        return 0;
    }
}
