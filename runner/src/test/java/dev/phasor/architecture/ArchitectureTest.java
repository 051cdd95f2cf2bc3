package dev.phasor.architecture;

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
     * The layers, bottom up: the API builds a pipeline with packages below it that import nothing of it,
     * {@code plan} (layering, generic over the step type) and {@code code} (a step function's bytecode digest
     * and types); {@code key} computes step keys from a built pipeline; {@code exec} prepares a pipeline and
     * runs one step; {@code backend} hands workers a prepared pipeline and the coordinator a {@code Transport};
     * {@code run} (the coordinator) drives a run through them.
     */
    @Test
    void runnerPackagesHaveNoCycles() {
        slices().matching("dev.phasor.(*)..").should().beFreeOfCycles().check(RUNNER);
    }
}
