/**
 * The {@code phasor} command line (picocli). The only package that writes to the console on purpose.
 */
package dev.phasor.cli;
