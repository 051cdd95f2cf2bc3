package dev.phasor.api;

/**
 * Where a step's body comes from and a digest of its code, part of the step's key.
 *
 * @param description readable origin, e.g. {@code dev.phasor.examples.Simple::alpha} or the shell command
 * @param digest hex digest of the code (bytecode of the function's method and of the same-class methods
 *     it calls, plus captured values), or of the command text
 */
public record CodeIdentity(String description, String digest) {
}
