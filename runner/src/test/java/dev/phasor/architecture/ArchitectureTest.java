package dev.phasor.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of the runner module; a break fails the build with the offending dependency. */
class ArchitectureTest {

    private static final JavaClasses RUNNER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.phasor");

    @Test
    void theEngineIsPureAndImportsNothingElseOfPhasor() {
        noClasses().that().resideInAPackage("dev.phasor.engine..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.phasor.engine..", "java.lang..",
                        "java.util..", "java.nio.file")
                .orShould().dependOnClassesThat().belongToAnyOf(System.class, Thread.class, java.nio.file.Files.class)
                .because("the engine does no I/O, starts no thread and reads time only from its injected clock")
                .check(RUNNER);
    }

    @Test
    void onlyTheClusterModuleImportsMpjOrHazelcast() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("mpi..", "mpjdev..", "mpjbuf..",
                "com.hazelcast..")
                .because("runner is the core: backends plug in through the SPI, found with ServiceLoader")
                .check(RUNNER);
    }

    @Test
    void onlyTheCliPrintsToTheTerminal() {
        noClasses().that().resideOutsideOfPackage("dev.phasor.cli..")
                .and().doNotHaveFullyQualifiedName("dev.phasor.internal.Warnings")
                .and().doNotHaveFullyQualifiedName("dev.phasor.exec.OutputCapture")
                .and().doNotHaveFullyQualifiedName("dev.phasor.Phasor") // a pipeline main's exit: flushes the CLI's output
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("warnings go through internal.Warnings, whose sink the CLI owns; OutputCapture only "
                        + "routes what steps print to their logs")
                .check(RUNNER);
    }

    /**
     * Three edges still close cycles and are named here, one by one, so that any other cycle fails: the
     * public API builds its plan and code identities ({@code api -> plan}, {@code api -> key}: to break, move
     * {@code Pipeline.plan()} and the identity computation behind an interface the API owns), and the backend
     * SPI still hands backends a {@code PreparedPipeline} ({@code backend -> exec}: to break, the SPI carries
     * plain values only).
     */
    @Test
    void runnerPackagesHaveNoCyclesButTheNamedOnes() {
        slices().matching("dev.phasor.(*)..").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("dev.phasor.api.."), resideInAPackage("dev.phasor.plan.."))
                .ignoreDependency(resideInAPackage("dev.phasor.api.."), resideInAPackage("dev.phasor.key.."))
                .ignoreDependency(resideInAPackage("dev.phasor.backend.."), resideInAPackage("dev.phasor.exec.."))
                .check(RUNNER);
    }
}
