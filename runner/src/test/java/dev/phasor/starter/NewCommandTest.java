package dev.phasor.starter;

import static dev.phasor.testkit.InProcessCli.phasor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.exec.RunReport;
import dev.phasor.report.PhasorVersion;
import dev.phasor.testkit.InProcessCli.Outcome;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesAPipelineThatCompilesAndRunsAndAPomOnThisVersionsBom() throws Exception {
        Path project = tmp.resolve("word-flow");
        Outcome made = phasor("new", project.toString(), "--package", "org.acme.flows");
        assertEquals(0, made.code(), made::toString);
        assertTrue(made.out().contains("phasor run org.acme.flows.WordFlowPipeline --classpath"
                + " target/word-flow-1.0-SNAPSHOT.jar"), made.out());

        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>phasor-bom</artifactId>"), pom);
        assertTrue(pom.contains("<phasor.version>" + PhasorVersion.get() + "</phasor.version>"), pom);
        assertTrue(pom.contains("<groupId>org.acme.flows</groupId>") && pom.contains("<artifactId>word-flow</artifactId>"));
        assertTrue(!pom.contains("{{") && !pom.contains("${junit.version}</junit.version>"), pom);
        Path test = project.resolve("src/test/java/org/acme/flows/WordFlowPipelineTest.java");
        assertTrue(Files.readString(test).contains("class WordFlowPipelineTest"));

        Path source = project.resolve("src/main/java/org/acme/flows/WordFlowPipeline.java");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, compiled, "the starter's pipeline must compile against this Phasor");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<? extends PipelineDefinition> pipeline = loader.loadClass("org.acme.flows.WordFlowPipeline")
                    .asSubclass(PipelineDefinition.class);
            RunReport report = Phasor.runner().cache(tmp.resolve("cache")).run(pipeline);
            assertEquals(0, report.exitCode(), report::summary);
            assertEquals(30L, report.result("total"));
        }
    }

    @Test
    void namesThePipelineAfterTheDirectoryByDefault() {
        Outcome made = phasor("new", tmp.resolve("My_Flow 2").toString());
        assertEquals(0, made.code(), made::toString);
        assertTrue(Files.isRegularFile(tmp.resolve("My_Flow 2/src/main/java/org/example/MyFlow2Pipeline.java")));
    }

    @Test
    void refusesADirectoryThatHoldsFilesAndWritesNothing() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(project.resolve("notes.txt"), "mine");
        Outcome refused = phasor("new", project.toString());
        assertEquals(2, refused.code(), refused::toString);
        assertTrue(refused.err().contains(project + " is not empty"), refused.err());
        try (Stream<Path> files = Files.list(project)) {
            assertEquals(List.of(project.resolve("notes.txt")), files.toList());
        }
    }

    @Test
    void refusesAPackageOrNameThatIsNotUsableNamingIt() {
        Outcome badPackage = phasor("new", tmp.resolve("a").toString(), "--package", "org.example.class");
        assertEquals(2, badPackage.code(), badPackage::toString);
        assertTrue(badPackage.err().contains("package 'org.example.class'"), badPackage.err());
        Outcome badName = phasor("new", tmp.resolve("b").toString(), "--name", "Word Count");
        assertEquals(2, badName.code(), badName::toString);
        assertTrue(badName.err().contains("name 'Word Count'"), badName.err());
        assertTrue(Files.notExists(tmp.resolve("a")) && Files.notExists(tmp.resolve("b")));
    }

    @Test
    void refusesAJavaPackageWhichNoClassLoaderWouldDefine() {
        Outcome javaPackage = phasor("new", tmp.resolve("c").toString(), "--package", "java.util.flows");
        assertEquals(2, javaPackage.code(), javaPackage::toString);
        assertTrue(javaPackage.err().contains("package 'java.util.flows'"), javaPackage.err());
        assertTrue(Files.notExists(tmp.resolve("c")));
    }
}
