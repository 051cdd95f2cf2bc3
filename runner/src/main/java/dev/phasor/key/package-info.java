/**
 * Step keys: SHA-256 digests over canonical bytes (never {@code hashCode()}), so every JVM computes the
 * same key for the same step, and a changed parameter, body or topology changes it. A step's code
 * identity, part of its key, is taken while the pipeline is built ({@code api}, from {@code code}).
 */
package dev.phasor.key;
