package dev.phasor.cli;

import dev.phasor.report.PhasorVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code phasor --version}: the version the build stamped into the jar, so the CLI and the artifacts agree. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"Phasor " + PhasorVersion.get()};
    }
}
