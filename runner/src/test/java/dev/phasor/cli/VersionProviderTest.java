package dev.phasor.cli;

import static dev.phasor.testkit.InProcessCli.phasor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.phasor.testkit.InProcessCli.Outcome;
import org.junit.jupiter.api.Test;

class VersionProviderTest {

    @Test
    void versionIsTheOneMavenBuiltTheJarsWith() {
        String built = System.getProperty("phasor.project.version");
        Outcome version = phasor("--version");
        assertEquals(0, version.code(), version::toString);
        assertEquals("Phasor " + built, version.out().strip());
    }
}
